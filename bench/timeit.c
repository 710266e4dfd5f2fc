/*
 * timeit: times commands for bench/run, alternating A and B.
 *
 *   timeit [-w warmups] [-r runs] [-p prepA] [-P prepB] [-o raw] A B
 *
 * A and B are files of commands, one line per run (the warm-ups take the
 * first lines); a file of one line repeats it.  B may be "-" (A alone).
 * Each round runs A then B (A B A B ...), so slow drifts of a shared,
 * noisy machine hit both alike.  prepA and prepB run before each run of
 * their side, untimed (e.g. removing the previous store).
 *
 * A line is one command or several joined by "&&", with words split as
 * the shell would for '...', "..." and backslashes, and the redirections
 * "< file", "> file" and "2> file"; no shell is started, so nothing but
 * the commands themselves is timed.  Standard input is /dev/null and
 * output goes to /dev/null unless redirected.  A command that fails stops
 * everything, with its error output.
 *
 * Prints, for each side:  A median_ms min_ms max_ms cpu_ms maxrss_kb n
 * (cpu is the median user+system time, maxrss the largest peak resident
 * set of any process of any run).  -o appends every sample to a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXW 256

static void
die(const char *fmt, const char *arg)
{
	fprintf(stderr, "timeit: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

struct side {
	char **lines;
	size_t n;
	const char *prep;
	double *ms, *cpu;
	long rss;
};

static void
read_lines(struct side *s, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (!f)
		die("cannot read %s", path);
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len)
			continue;
		s->lines = realloc(s->lines, (s->n + 1) * sizeof(char *));
		s->lines[s->n++] = strdup(line);
	}
	free(line);
	fclose(f);
	if (!s->n)
		die("%s: no command", path);
}

/* Splits line into words; returns their count.  Words point into buf. */
static int
split(char *line, char **w, char *buf)
{
	char *p = line, *o = buf;
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n == MAXW - 1)
			die("too many words in: %s", line);
		w[n++] = o;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '\'') {
				for (p++; *p && *p != '\''; )
					*o++ = *p++;
				if (*p)
					p++;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; ) {
					if (*p == '\\' && p[1])
						p++;
					*o++ = *p++;
				}
				if (*p)
					p++;
			} else {
				if (*p == '\\' && p[1])
					p++;
				*o++ = *p++;
			}
		}
		*o++ = '\0';
	}
	w[n] = NULL;
	return n;
}

static int errfd = -1;

/* Runs one simple command; returns its status. */
static int
run1(char **w, long *rss)
{
	char *argv[MAXW];
	const char *in = "/dev/null", *out = "/dev/null", *err = NULL;
	struct rusage ru;
	int i, n = 0, status;
	pid_t pid;

	for (i = 0; w[i]; i++) {
		if (strcmp(w[i], "<") == 0 && w[i + 1])
			in = w[++i];
		else if (strcmp(w[i], ">") == 0 && w[i + 1])
			out = w[++i];
		else if (strcmp(w[i], "2>") == 0 && w[i + 1])
			err = w[++i];
		else
			argv[n++] = w[i];
	}
	argv[n] = NULL;
	if (!n)
		die("empty command%s", "");
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int fi = open(in, O_RDONLY);
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = err ? open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644) : errfd;

		if (fi < 0 || fo < 0 || fe < 0) {
			perror("timeit: redirection");
			_exit(126);
		}
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execvp(argv[0], argv);
		fprintf(stderr, "timeit: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		die("wait: %s", strerror(errno));
	if (ru.ru_maxrss > *rss)
		*rss = ru.ru_maxrss;
	return status;
}

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double
cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static void
fail(const char *line)
{
	char buf[4096];
	ssize_t n;

	fprintf(stderr, "timeit: failed: %s\n", line);
	lseek(errfd, 0, SEEK_SET);
	while ((n = read(errfd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stderr);
	exit(1);
}

/* Runs a line (commands joined by &&); adds to the side's figures. */
static void
run_line(const char *line, double *ms, double *cpu, long *rss)
{
	char *copy = strdup(line), *buf = malloc(strlen(line) + MAXW + 1);
	char *w[MAXW];
	double t0, c0;
	int i, start = 0, n;

	if (ftruncate(errfd, 0) < 0 || lseek(errfd, 0, SEEK_SET) < 0)
		die("temporary file: %s", strerror(errno));
	n = split(copy, w, buf);
	c0 = cpu_ms();
	t0 = now_ms();
	for (i = 0; i <= n; i++) {
		if (i < n && strcmp(w[i], "&&") != 0)
			continue;
		w[i] = NULL;
		if (run1(w + start, rss) != 0)
			fail(line);
		start = i + 1;
	}
	if (ms)
		*ms = now_ms() - t0;
	if (cpu)
		*cpu = cpu_ms() - c0;
	free(copy);
	free(buf);
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(double), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
report(const char *name, struct side *s, size_t n)
{
	double *v = malloc(n * sizeof(double));
	double med, cpu;

	memcpy(v, s->ms, n * sizeof(double));
	med = median(v, n);
	cpu = median(s->cpu, n);
	printf("%s %.3f %.3f %.3f %.3f %ld %zu\n", name, med, v[0], v[n - 1],
	       cpu, s->rss, n);
	free(v);
}

int
main(int argc, char **argv)
{
	struct side sd[2];
	const char *raw = NULL;
	char tmpl[] = "/tmp/timeit.XXXXXX";
	long warm = 1, runs = 5, r;
	int opt, nsides, k;
	FILE *rf = NULL;

	memset(sd, 0, sizeof(sd));
	while ((opt = getopt(argc, argv, "w:r:p:P:o:")) != -1) {
		switch (opt) {
		case 'w': warm = atol(optarg); break;
		case 'r': runs = atol(optarg); break;
		case 'p': sd[0].prep = optarg; break;
		case 'P': sd[1].prep = optarg; break;
		case 'o': raw = optarg; break;
		default:
			fputs("usage: timeit [-w warmups] [-r runs] [-p prepA] [-P prepB] [-o raw] A B|-\n",
			      stderr);
			return 2;
		}
	}
	if (argc - optind != 2 || runs < 1 || warm < 0)
		die("usage: timeit [-w warmups] [-r runs] [-p prepA] [-P prepB] [-o raw] A B|-%s", "");
	read_lines(&sd[0], argv[optind]);
	nsides = strcmp(argv[optind + 1], "-") == 0 ? 1 : 2;
	if (nsides == 2)
		read_lines(&sd[1], argv[optind + 1]);
	for (k = 0; k < nsides; k++) {
		if (sd[k].n > 1 && sd[k].n < (size_t)(warm + runs))
			die("%s: fewer lines than runs", argv[optind + k]);
		sd[k].ms = calloc((size_t)runs, sizeof(double));
		sd[k].cpu = calloc((size_t)runs, sizeof(double));
	}
	if ((errfd = mkstemp(tmpl)) < 0)
		die("mkstemp: %s", strerror(errno));
	unlink(tmpl);
	if (raw && !(rf = fopen(raw, "a")))
		die("cannot write %s", raw);
	for (r = 0; r < warm + runs; r++) {
		for (k = 0; k < nsides; k++) {
			struct side *s = &sd[k];
			const char *line = s->lines[s->n == 1 ? 0 : (size_t)r];
			double ms, cpu;
			long rss = 0;

			if (s->prep)
				run_line(s->prep, NULL, NULL, &rss);
			rss = 0;
			run_line(line, &ms, &cpu, &rss);
			if (r < warm)
				continue;
			s->ms[r - warm] = ms;
			s->cpu[r - warm] = cpu;
			if (rss > s->rss)
				s->rss = rss;
			if (rf)
				fprintf(rf, "%c %ld %.3f %.3f %ld\t%s\n", 'A' + k,
					r - warm, ms, cpu, rss, line);
		}
	}
	if (rf)
		fclose(rf);
	for (k = 0; k < nsides; k++)
		report(k ? "B" : "A", &sd[k], (size_t)runs);
	return 0;
}
