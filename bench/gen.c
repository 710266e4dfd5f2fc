/*
 * gen: the benchmark's data generator.  Deterministic: the same seed and
 * sizes give byte-identical files, whatever the compiler (own PRNG, no
 * locale, no clock, at most one random draw per call's arguments).
 *
 *   gen [-s seed] [-c contacts] [-i interactions] [-x extras] [-F] S|M|L|- DIR
 *
 * Sizes: S = 10,000 contacts / 100,000 interactions, M = 100,000 /
 * 1,000,000, L = 1,000,000 / 10,000,000; -c and -i override.  -F skips the
 * folder of one YAML file per contact (the git anchor's input).
 *
 * Writes into DIR:
 *   contacts.jsonl  contacts.csv     the import set: emails unique even
 *                                    ignoring case (crm-add refuses a
 *                                    case-insensitive duplicate)
 *   dupes.jsonl     dupes.csv        5 % near-duplicates: new records whose
 *                                    email differs from an existing one only
 *                                    in case (for dedupe work; not imported)
 *   interactions.jsonl  interactions.csv   sorted by time, 2022-2024
 *   deals.jsonl     deals.csv        one deal per 10 contacts, every stage
 *   extra.tsv       extra/<id>.yaml  contacts that are not in the set, for
 *                                    the one-contact benchmarks
 *   files/contacts/<2 hex>/<id>.yaml the set as the store would hold it
 *   stats.txt                        what was generated (shares, tails)
 *
 * Contacts carry their id, created and updated stamps, so `crm-add contact
 * --from contacts.jsonl` stores byte for byte the YAML of files/, and the
 * crm store's contacts/ tree has the same hash as the git anchor's.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NELEM(a) (sizeof(a) / sizeof(*(a)))

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("gen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

static void *
xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (!p)
		die("out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/* ---- PRNG: xoshiro256**, seeded with splitmix64 ---- */

static uint64_t rs[4];

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
seed(uint64_t s)
{
	int i;

	for (i = 0; i < 4; i++)
		rs[i] = splitmix(&s);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rnd(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;

	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

/* uniform in [0, 1) */
static double
unif(void)
{
	return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
}

/* uniform in [0, n) */
static uint64_t
below(uint64_t n)
{
	return n ? (uint64_t)(unif() * (double)n) : 0;
}

static int
chance(double p)
{
	return unif() < p;
}

static double
expo(double mean)
{
	return -mean * log(1.0 - unif());
}

static double
pareto(double xm, double alpha)
{
	return xm / pow(1.0 - unif(), 1.0 / alpha);
}

static double
normal(void)
{
	double u = unif(), v = unif();

	return sqrt(-2.0 * log(1.0 - u)) * cos(2.0 * M_PI * v);
}

/* ---- discrete distributions: cumulative tables ---- */

struct dist {
	size_t n;
	double *cum;
};

static void
dist_weights(struct dist *d, const double *w, size_t n)
{
	double s = 0;
	size_t i;

	d->n = n;
	d->cum = xmalloc(n * sizeof(double));
	for (i = 0; i < n; i++)
		d->cum[i] = (s += w[i]);
	for (i = 0; i < n; i++)
		d->cum[i] /= s;
}

static void
dist_zipf(struct dist *d, size_t n, double s)
{
	double *w = xmalloc(n * sizeof(double));
	size_t i;

	for (i = 0; i < n; i++)
		w[i] = 1.0 / pow((double)(i + 1), s);
	dist_weights(d, w, n);
	free(w);
}

static size_t
pick(const struct dist *d)
{
	double u = unif();
	size_t lo = 0, hi = d->n - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (d->cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Walker's alias method, for millions of draws over millions of items. */
struct alias {
	size_t n;
	double *p;
	uint32_t *a;
};

static void
alias_init(struct alias *al, const double *w, size_t n)
{
	double s = 0, *q = xmalloc(n * sizeof(double));
	uint32_t *small = xmalloc(n * sizeof(uint32_t));
	uint32_t *large = xmalloc(n * sizeof(uint32_t));
	size_t i, ns = 0, nl = 0;

	al->n = n;
	al->p = xmalloc(n * sizeof(double));
	al->a = xmalloc(n * sizeof(uint32_t));
	for (i = 0; i < n; i++)
		s += w[i];
	for (i = 0; i < n; i++) {
		q[i] = w[i] * (double)n / s;
		if (q[i] < 1.0)
			small[ns++] = (uint32_t)i;
		else
			large[nl++] = (uint32_t)i;
	}
	while (ns && nl) {
		uint32_t l = small[--ns], g = large[nl - 1];

		al->p[l] = q[l];
		al->a[l] = g;
		q[g] -= 1.0 - q[l];
		if (q[g] < 1.0) {
			nl--;
			small[ns++] = g;
		}
	}
	while (nl) {
		uint32_t g = large[--nl];

		al->p[g] = 1.0;
		al->a[g] = g;
	}
	while (ns) {
		uint32_t l = small[--ns];

		al->p[l] = 1.0;
		al->a[l] = l;
	}
	free(q);
	free(small);
	free(large);
}

static size_t
alias_pick(const struct alias *al)
{
	double u = unif() * (double)al->n;
	size_t i = (size_t)u;

	if (i >= al->n)
		i = al->n - 1;
	return u - (double)i < al->p[i] ? i : al->a[i];
}

/* ---- growable string ---- */

struct str {
	char *s;
	size_t len, cap;
};

static void
sgrow(struct str *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2 + 64;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			die("out of memory");
	}
}

static void
sadd(struct str *b, const char *s, size_t n)
{
	sgrow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sputs(struct str *b, const char *s)
{
	sadd(b, s, strlen(s));
}

static void
sputc(struct str *b, char c)
{
	sadd(b, &c, 1);
}

static void
sprintf_(struct str *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sgrow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void
sreset(struct str *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

/* ---- output formats ---- */

static void
json_str(struct str *b, const char *s)
{
	sputc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			sputc(b, '\\');
			sputc(b, (char)c);
		} else if (c < 0x20) {
			sprintf_(b, "\\u%04x", c);
		} else {
			sputc(b, (char)c);
		}
	}
	sputc(b, '"');
}

static void
json_key(struct str *b, int *first, const char *k)
{
	sputs(b, *first ? "{" : ",");
	*first = 0;
	json_str(b, k);
	sputc(b, ':');
}

static void
json_field(struct str *b, int *first, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	json_key(b, first, k);
	json_str(b, v);
}

static void
json_list(struct str *b, int *first, const char *k, char **v, int n)
{
	int i;

	if (n <= 0)
		return;
	json_key(b, first, k);
	sputc(b, '[');
	for (i = 0; i < n; i++) {
		if (i)
			sputc(b, ',');
		json_str(b, v[i]);
	}
	sputc(b, ']');
}

static void
csv_field(struct str *b, int last, const char *v)
{
	if (v && strpbrk(v, "\",\n\r")) {
		sputc(b, '"');
		for (; *v; v++) {
			if (*v == '"')
				sputc(b, '"');
			sputc(b, *v);
		}
		sputc(b, '"');
	} else if (v) {
		sputs(b, v);
	}
	sputc(b, last ? '\n' : ',');
}

static void
csv_list(struct str *b, int last, char **v, int n)
{
	struct str t = { 0 };
	int i;

	sputs(&t, "");
	for (i = 0; i < n; i++) {
		if (i)
			sputc(&t, ';');
		sputs(&t, v[i]);
	}
	csv_field(b, last, t.s);
	free(t.s);
}

/* What crm's YAML writer quotes: a port of crm_yaml_ambiguous. */
static int
only(const char *s, const char *set)
{
	return *s && s[strspn(s, set)] == '\0';
}

static int
yaml_ambiguous(const char *s)
{
	static const char *const words[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF",
		"null", "Null", "NULL", "~", "", "=", "<<",
	};
	const char *p = s, *e;
	size_t i;

	for (i = 0; i < NELEM(words); i++)
		if (strcmp(s, words[i]) == 0)
			return 1;
	if (*p == '-' || *p == '+')
		p++;
	if (*p == '.')
		return 1;
	if (!(*p >= '0' && *p <= '9'))
		return 0;
	if (strspn(p, "0123456789") == 4 && p[4] == '-' &&
	    p[5] >= '0' && p[5] <= '9')
		return 1;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return only(p + 2, "0123456789abcdefABCDEF_");
	if (p[0] == '0' && p[1] == 'o')
		return only(p + 2, "01234567");
	if (p[0] == '0' && p[1] == 'b')
		return only(p + 2, "01_");
	e = p + strspn(p, "0123456789_.:");
	if (*e == 'e' || *e == 'E') {
		e++;
		if (*e == '-' || *e == '+')
			e++;
		return only(e, "0123456789");
	}
	return *e == '\0';
}

static void
yaml_scalar(struct str *b, const char *v)
{
	if (yaml_ambiguous(v))
		sprintf_(b, "'%s'", v);
	else
		sputs(b, v);
}

static void
yaml_field(struct str *b, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	sputs(b, k);
	sputs(b, ": ");
	yaml_scalar(b, v);
	sputc(b, '\n');
}

static void
yaml_list(struct str *b, const char *k, char **v, int n)
{
	int i;

	if (n <= 0)
		return;
	sputs(b, k);
	sputs(b, ": [");
	for (i = 0; i < n; i++) {
		if (i)
			sputs(b, ", ");
		yaml_scalar(b, v[i]);
	}
	sputs(b, "]\n");
}

static FILE *
xopen(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "w")))
		die("%s: %s", path, strerror(errno));
	return f;
}

static void
xclose(FILE *f, const char *name)
{
	if (ferror(f) || fclose(f) != 0)
		die("%s: write error", name);
}

static void
xmkdir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		die("%s: %s", path, strerror(errno));
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die("%s: %s", path, strerror(errno));
	fwrite(data, 1, len, f);
	xclose(f, path);
}

/* ---- time: seconds since the epoch, formatted in UTC ---- */

#define T_START 1640995200LL	/* 2022-01-01T00:00:00Z */
#define T_END 1735689600LL	/* 2025-01-01T00:00:00Z */
#define DAY 86400LL

static void
iso(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
isodate(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%d", &tm);
}

/* ---- the vocabulary ---- */

/* "Display|ascii": the ascii part makes the email address. */
static const char *const first_ascii[] = {
	"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael",
	"Linda", "William", "Elizabeth", "David", "Barbara", "Richard", "Susan",
	"Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel",
	"Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Margaret",
	"Donald", "Sandra", "Steven", "Ashley", "Paul", "Kimberly", "Andrew",
	"Emily", "Joshua", "Donna", "Kenneth", "Michelle", "Kevin", "Carol",
	"Brian", "Amanda", "George", "Melissa", "Edward", "Deborah", "Jose",
	"Maria", "Juan", "Carmen", "Luis", "Ana", "Carlos", "Laura", "Pedro",
	"Sofia", "Marco", "Giulia", "Luca", "Francesca", "Hans", "Anna", "Lars",
	"Ingrid", "Sven", "Karin", "Pierre", "Claire", "Louis", "Camille",
	"Jan", "Eva", "Piotr", "Katarzyna", "Raj", "Priya", "Amit", "Anjali",
	"Wei", "Mei", "Hiroshi", "Yuki", "Min", "Ji", "Ahmed", "Fatima", "Omar",
	"Aisha", "Kwame", "Amara", "Tunde", "Ngozi", "Liam", "Olivia", "Noah",
	"Emma", "Oliver", "Ava", "Elijah", "Mia", "Lucas", "Chloe", "Mateo",
	"Zoe", "Ethan", "Nora", "Aiden", "Ruby", "Finn", "Isla", "Leo", "Ella",
};

static const char *const last_ascii[] = {
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
	"Garcia", "Rodriguez", "Wilson", "Martinez", "Anderson", "Taylor",
	"Thomas", "Hernandez", "Moore", "Martin", "Jackson", "Thompson",
	"White", "Lopez", "Lee", "Gonzalez", "Harris", "Clark", "Lewis",
	"Robinson", "Walker", "Perez", "Hall", "Young", "Allen", "Sanchez",
	"Wright", "King", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill",
	"Ramirez", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips",
	"Evans", "Turner", "Torres", "Parker", "Collins", "Edwards", "Stewart",
	"Morris", "Murphy", "Cook", "Rogers", "Morgan", "Peterson", "Cooper",
	"Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Diaz",
	"Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "James",
	"Rossi", "Russo", "Ferrari", "Bianchi", "Romano", "Schmidt",
	"Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
	"Dubois", "Durand", "Moreau", "Laurent", "Simon", "Michel", "Leroy",
	"Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Nielsen",
	"Hansen", "Larsen", "Andersson", "Johansson", "Karlsson", "Nowak",
	"Kowalski", "Patel", "Sharma", "Singh", "Kumar", "Gupta", "Chen",
	"Wang", "Li", "Zhang", "Liu", "Tanaka", "Suzuki", "Kim", "Park",
	"Nguyen", "Tran", "Okafor", "Mensah", "Haddad", "Khan", "O'Brien",
	"O'Connor", "McDonald", "MacLeod", "Smith-Jones", "Ahmed", "Ali",
	"Cohen", "Levi", "Silva", "Santos", "Costa", "Pereira", "Oliveira",
};

static const char *const first_latin[] = {
	"José|jose", "María|maria", "Sébastien|sebastien", "Hélène|helene",
	"François|francois", "Zoë|zoe", "Jürgen|jurgen", "Jörg|jorg",
	"Björn|bjorn", "Søren|soren", "Åsa|asa", "Łukasz|lukasz",
	"Małgorzata|malgorzata", "Paweł|pawel", "Tomáš|tomas", "Jiří|jiri",
	"Zoltán|zoltan", "Ágnes|agnes", "Çağla|cagla", "Gülşen|gulsen",
	"João|joao", "Conceição|conceicao", "Inês|ines", "Andrés|andres",
	"Ramón|ramon", "Ángela|angela", "Noémie|noemie", "Loïc|loic",
	"Renée|renee", "Chloé|chloe", "Mathéo|matheo", "Dagný|dagny",
	"Þórunn|thorunn", "Ólafur|olafur", "Nguyễn Văn|nguyenvan", "Thảo|thao",
	"Ștefan|stefan", "Dušan|dusan", "Željko|zeljko", "Jože|joze",
};

static const char *const last_latin[] = {
	"García|garcia", "Martínez|martinez", "Rodríguez|rodriguez",
	"González|gonzalez", "Pérez|perez", "Sánchez|sanchez", "Gómez|gomez",
	"Fernández|fernandez", "Müller|muller", "Schäfer|schafer",
	"Köhler|kohler", "Groß|gross", "Lefèvre|lefevre", "Bénard|benard",
	"Girard-Lévêque|girardleveque", "Gauthier-Hébert|gauthierhebert",
	"Høeg|hoeg", "Ærø|aero", "Ångström|angstrom", "Söderberg|soderberg",
	"Wójcik|wojcik", "Kowalczyk-Ząbek|kowalczykzabek", "Dvořák|dvorak",
	"Novák|novak", "Horváth|horvath", "Szabó|szabo", "Yılmaz|yilmaz",
	"Öztürk|ozturk", "Çelik|celik", "Conceição|conceicao",
	"Magalhães|magalhaes", "Gonçalves|goncalves", "Ibáñez|ibanez",
	"Núñez|nunez", "Guðmundsdóttir|gudmundsdottir", "Trần|tran",
	"Lê|le", "Phạm|pham", "Popescu-Bălan|popescubalan", "Jovanović|jovanovic",
};

static const char *const first_cyr[] = {
	"Иван|ivan", "Алексей|aleksei", "Дмитрий|dmitry", "Сергей|sergei",
	"Андрей|andrei", "Наталья|natalia", "Ольга|olga", "Елена|elena",
	"Татьяна|tatiana", "Мария|maria", "Анастасия|anastasia", "Юлия|yulia",
	"Олександр|oleksandr", "Богдан|bohdan", "Марко|marko", "Драган|dragan",
};

static const char *const last_cyr[] = {
	"Иванов|ivanov", "Смирнов|smirnov", "Кузнецов|kuznetsov",
	"Попов|popov", "Соколов|sokolov", "Лебедев|lebedev", "Козлов|kozlov",
	"Новиков|novikov", "Морозов|morozov", "Петров|petrov",
	"Волкова|volkova", "Шевченко|shevchenko", "Коваленко|kovalenko",
	"Бондаренко|bondarenko", "Петровић|petrovic", "Јовановић|jovanovic",
};

static const char *const first_greek[] = {
	"Γιώργος|giorgos", "Κωνσταντίνος|konstantinos", "Δημήτρης|dimitris",
	"Νίκος|nikos", "Μαρία|maria", "Ελένη|eleni", "Αικατερίνη|aikaterini",
	"Σοφία|sofia", "Ιωάννης|ioannis", "Αναστασία|anastasia",
};

static const char *const last_greek[] = {
	"Παπαδόπουλος|papadopoulos", "Οικονόμου|oikonomou",
	"Γεωργίου|georgiou", "Παπαγεωργίου|papageorgiou",
	"Βασιλείου|vasileiou", "Νικολάου|nikolaou", "Καραγιάννης|karagiannis",
	"Αλεξίου|alexiou",
};

/* Chinese: family name then given name, no space. */
static const char *const zh_family[] = {
	"王|wang", "李|li", "张|zhang", "刘|liu", "陈|chen", "杨|yang",
	"黄|huang", "赵|zhao", "吴|wu", "周|zhou", "徐|xu", "孙|sun",
	"马|ma", "朱|zhu", "胡|hu", "郭|guo", "何|he", "林|lin", "罗|luo",
	"高|gao",
};

static const char *const zh_given[] = {
	"伟|wei", "芳|fang", "娜|na", "敏|min", "静|jing", "丽|li", "强|qiang",
	"磊|lei", "军|jun", "洋|yang", "勇|yong", "艳|yan", "杰|jie",
	"秀英|xiuying", "桂英|guiying", "建华|jianhua", "志强|zhiqiang",
	"晓明|xiaoming", "海燕|haiyan", "俊杰|junjie",
};

static const char *const ja_family[] = {
	"佐藤|sato", "鈴木|suzuki", "高橋|takahashi", "田中|tanaka",
	"伊藤|ito", "渡辺|watanabe", "山本|yamamoto", "中村|nakamura",
	"小林|kobayashi", "加藤|kato", "吉田|yoshida", "山田|yamada",
};

static const char *const ja_given[] = {
	"翔太|shota", "大輝|daiki", "健太|kenta", "拓也|takuya", "陽菜|hina",
	"結衣|yui", "さくら|sakura", "美咲|misaki", "花子|hanako",
	"太郎|taro", "ゆうき|yuki", "あおい|aoi",
};

static const char *const ko_family[] = {
	"김|kim", "이|lee", "박|park", "최|choi", "정|jung", "강|kang",
	"조|cho", "윤|yoon", "장|jang", "임|lim",
};

static const char *const ko_given[] = {
	"민준|minjun", "서준|seojun", "도윤|doyun", "예준|yejun",
	"서연|seoyeon", "서윤|seoyun", "지우|jiwoo", "하은|haeun",
	"지민|jimin", "수빈|subin",
};

static const char *const ar_first[] = {
	"محمد|mohammed", "أحمد|ahmed", "علي|ali", "عمر|omar", "يوسف|youssef",
	"فاطمة|fatima", "مريم|maryam", "نور|nour", "ليلى|layla", "خالد|khaled",
};

static const char *const ar_last[] = {
	"العلي|alali", "الحسن|alhassan", "منصور|mansour", "حداد|haddad",
	"خوري|khoury", "سليمان|suleiman", "عبدالله|abdullah", "الشمري|alshammari",
};

static const char *const he_first[] = {
	"דוד|david", "משה|moshe", "יוסף|yosef", "נועה|noa", "שרה|sara",
	"מיכל|michal", "אבי|avi", "תמר|tamar",
};

static const char *const he_last[] = {
	"כהן|cohen", "לוי|levi", "מזרחי|mizrahi", "פרץ|peretz", "ביטון|biton",
	"אברהם|avraham", "פרידמן|friedman", "שפירא|shapira",
};

enum culture {
	C_ASCII, C_LATIN, C_CYR, C_GREEK, C_ZH, C_JA, C_KO, C_AR, C_HE, NCULT
};

/* Shares: 83 % ASCII, 17 % not. */
static const double culture_w[NCULT] = {
	83.0, 8.0, 2.5, 1.0, 2.0, 1.0, 1.0, 1.0, 0.5
};

static const char *const free_domains[] = {
	"gmail.example", "outlook.example", "yahoo.example", "icloud.example",
	"gmx.example", "proton.example", "hotmail.example", "web.example",
	"orange.example", "yandex.example", "qq.example", "naver.example",
};

static const char *const co_a[] = {
	"acme", "globex", "initech", "umbrella", "stark", "wayne", "wonka",
	"hooli", "vandelay", "soylent", "tyrell", "cyberdyne", "aperture",
	"massive", "monarch", "oscorp", "pied", "sterling", "virtucon", "zorg",
	"north", "south", "blue", "red", "green", "silver", "golden", "iron",
	"bright", "swift", "clear", "prime", "alpha", "nova", "terra", "aero",
	"quantum", "vector", "delta", "summit",
};

static const char *const co_b[] = {
	"", "corp", "labs", "works", "soft", "systems", "media", "foods",
	"logistics", "bank", "health", "energy", "retail", "consulting",
	"design", "motors", "tech", "data", "cloud", "partners",
};

static const char *const titles[] = {
	"CEO", "Founder", "CTO", "Sales Manager", "Account Executive",
	"Software Engineer", "Product Manager", "Head of Marketing", "CFO",
	"Office Manager", "Procurement Manager", "Consultant", "VP Sales",
	"Operations Director", "Buyer", "Designer", "HR Manager",
	"Customer Success Manager", "Data Analyst", "Project Manager",
	"Managing Director", "Partner", "Engineer", "Student", "Owner",
	"Marketing Coordinator", "IT Administrator", "Chief of Staff",
	"Research Scientist", "Accountant",
};

static const char *const tags[] = {
	"newsletter", "customer", "lead", "vip", "prospect", "partner",
	"webinar", "trial", "enterprise", "smb", "event-2023", "referral",
	"churn-risk", "event-2024", "supplier", "press", "investor",
	"beta", "reseller", "education", "nonprofit", "government",
	"healthcare", "finance", "retail", "manufacturing", "agency",
	"freelancer", "alumni", "board", "advisor", "speaker", "sponsor",
	"conference", "cold", "warm", "hot", "upsell", "renewal", "support",
	"do-not-call", "gdpr-consent", "imported", "linkedin", "tradeshow",
	"podcast", "community", "ambassador", "wholesale", "b2c",
};

static const char *const owners[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
};

static const char *const stages[] = {
	"lead", "prospect", "customer", "former",
};

static const char *const deal_stages[] = {
	"lead", "qualified", "proposal", "negotiation", "won", "lost",
};

/* City, country; in the order of the Zipf ranks (most common first). */
static const char *const cities[][2] = {
	{ "New York", "US" }, { "London", "GB" }, { "Paris", "FR" },
	{ "Berlin", "DE" }, { "Toronto", "CA" }, { "Madrid", "ES" },
	{ "San Francisco", "US" }, { "Tokyo", "JP" }, { "Sydney", "AU" },
	{ "Chicago", "US" }, { "Los Angeles", "US" }, { "São Paulo", "BR" },
	{ "Amsterdam", "NL" }, { "Mumbai", "IN" }, { "Munich", "DE" },
	{ "Singapore", "SG" }, { "Milan", "IT" }, { "Barcelona", "ES" },
	{ "Dublin", "IE" }, { "Stockholm", "SE" }, { "Zürich", "CH" },
	{ "Boston", "US" }, { "Seattle", "US" }, { "Austin", "US" },
	{ "Lyon", "FR" }, { "Manchester", "GB" }, { "Hamburg", "DE" },
	{ "Bangalore", "IN" }, { "Seoul", "KR" }, { "Shanghai", "CN" },
	{ "Beijing", "CN" }, { "Melbourne", "AU" }, { "Vancouver", "CA" },
	{ "Montréal", "CA" }, { "Mexico City", "MX" }, { "Buenos Aires", "AR" },
	{ "Bogotá", "CO" }, { "Lisbon", "PT" }, { "Rome", "IT" },
	{ "Vienna", "AT" }, { "Copenhagen", "DK" }, { "Oslo", "NO" },
	{ "Helsinki", "FI" }, { "Warsaw", "PL" }, { "Kraków", "PL" },
	{ "Prague", "CZ" }, { "Budapest", "HU" }, { "Athens", "GR" },
	{ "Istanbul", "TR" }, { "Moscow", "RU" }, { "Kyiv", "UA" },
	{ "Tel Aviv", "IL" }, { "Dubai", "AE" }, { "Cairo", "EG" },
	{ "Lagos", "NG" }, { "Nairobi", "KE" }, { "Cape Town", "ZA" },
	{ "Johannesburg", "ZA" }, { "Hong Kong", "HK" }, { "Taipei", "TW" },
	{ "Osaka", "JP" }, { "Bangkok", "TH" }, { "Jakarta", "ID" },
	{ "Manila", "PH" }, { "Ho Chi Minh City", "VN" }, { "Auckland", "NZ" },
	{ "Düsseldorf", "DE" }, { "Frankfurt", "DE" }, { "Köln", "DE" },
	{ "Malmö", "SE" }, { "Göteborg", "SE" }, { "Gdańsk", "PL" },
	{ "Brussels", "BE" }, { "Antwerp", "BE" }, { "Rotterdam", "NL" },
	{ "Geneva", "CH" }, { "Edinburgh", "GB" }, { "Bristol", "GB" },
	{ "Birmingham", "GB" }, { "Glasgow", "GB" }, { "Marseille", "FR" },
	{ "Toulouse", "FR" }, { "Nantes", "FR" }, { "Bordeaux", "FR" },
	{ "Valencia", "ES" }, { "Sevilla", "ES" }, { "Córdoba", "AR" },
	{ "Porto", "PT" }, { "Turin", "IT" }, { "Naples", "IT" },
	{ "Denver", "US" }, { "Atlanta", "US" }, { "Miami", "US" },
	{ "Dallas", "US" }, { "Houston", "US" }, { "Phoenix", "US" },
	{ "Philadelphia", "US" }, { "Washington", "US" }, { "Portland", "US" },
	{ "San Diego", "US" }, { "Minneapolis", "US" }, { "Detroit", "US" },
	{ "Nashville", "US" }, { "Calgary", "CA" }, { "Ottawa", "CA" },
	{ "Québec", "CA" }, { "Reykjavík", "IS" }, { "Tallinn", "EE" },
	{ "Riga", "LV" }, { "Vilnius", "LT" }, { "Bucharest", "RO" },
	{ "Sofia", "BG" }, { "Belgrade", "RS" }, { "Zagreb", "HR" },
	{ "Ljubljana", "SI" }, { "Bratislava", "SK" }, { "Thessaloniki", "GR" },
	{ "Santiago", "CL" }, { "Lima", "PE" }, { "Rio de Janeiro", "BR" },
	{ "Casablanca", "MA" }, { "Riyadh", "SA" }, { "Doha", "QA" },
	{ "Karachi", "PK" }, { "Delhi", "IN" }, { "Chennai", "IN" },
	{ "Hyderabad", "IN" }, { "Pune", "IN" }, { "Shenzhen", "CN" },
	{ "Guangzhou", "CN" }, { "Busan", "KR" }, { "Kyoto", "JP" },
	{ "Yokohama", "JP" }, { "Kuala Lumpur", "MY" }, { "Perth", "AU" },
	{ "Brisbane", "AU" }, { "Wellington", "NZ" },
};

#define NCITIES 2000

/* Phone formats by country; '#' is a digit. */
static const char *const phones[][2] = {
	{ "US", "+1 ### ### ####" }, { "CA", "+1 ### ### ####" },
	{ "GB", "+44 ## #### ####" }, { "FR", "+33 # ## ## ## ##" },
	{ "DE", "+49 ## ########" }, { "ES", "+34 ### ### ###" },
	{ "IT", "+39 ### #######" }, { "NL", "+31 ## ### ####" },
	{ "JP", "+81 # #### ####" }, { "AU", "+61 # #### ####" },
	{ "BR", "+55 ## ##### ####" }, { "IN", "+91 ##### #####" },
	{ "CN", "+86 ### #### ####" }, { "CH", "+41 ## ### ## ##" },
	{ "SE", "+46 ## ### ## ##" }, { "PL", "+48 ### ### ###" },
};

static const char *const syl[] = {
	"ar", "ber", "ca", "dal", "en", "fal", "gar", "ham", "il", "jor",
	"kal", "lin", "mar", "nor", "ol", "pen", "quin", "ros", "sal", "tor",
	"ul", "ven", "wes", "yor", "zan", "bri", "cor", "dun", "esk", "fen",
};

static const char *const city_suffix[] = {
	"ton", "ville", "burg", "field", "ford", "stad", "heim", "dale",
	"port", "mouth", "berg", "wick", "by", "haven", "sted", "ia",
};

static const char *const topics[] = {
	"renewal", "pricing", "onboarding", "security audit", "invoice",
	"contract terms", "feature request", "integration", "training",
	"quarterly review", "upgrade", "data migration", "support ticket",
	"partnership", "discount", "delivery delay", "API access",
	"GDPR request", "roadmap", "referral", "conference follow-up",
	"demo", "trial extension", "billing error", "new office",
	"team expansion", "procurement process", "legal review",
	"case study", "product feedback", "shipping costs", "bulk order",
	"password reset", "SSO setup", "custom report", "holiday schedule",
	"budget approval", "café meeting", "déjà vu bug", "naïve pricing question",
};

static const char *const products[] = {
	"Starter plan", "Pro plan", "Team plan", "Enterprise plan",
	"Consulting day", "Training seat", "Support pack", "Hardware kit",
	"Add-on storage", "Onboarding package",
};

/* ---- people ---- */

struct contact {
	char id[17];
	char *name;
	char *email[2];
	int nemail;
	char *phone[2];
	int nphone;
	const char *title, *city, *country, *owner, *stage;
	const char *tag[4];
	int ntag;
	long long created, updated;
	/* for interactions */
	double activity, value;
	long long until;
};

static const char *
part(const char *entry, char *ascii, size_t n, char *disp, size_t m)
{
	const char *bar = strchr(entry, '|');

	if (!bar) {
		snprintf(disp, m, "%s", entry);
		snprintf(ascii, n, "%s", entry);
	} else {
		snprintf(disp, m, "%.*s", (int)(bar - entry), entry);
		snprintf(ascii, n, "%s", bar + 1);
	}
	return disp;
}

/* Lower-case letters and digits of s. */
static void
email_part(char *out, size_t n, const char *s)
{
	size_t j = 0;

	for (; *s && j + 1 < n; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[j++] = c;
	}
	out[j] = '\0';
}

#define PICK(a) ((a)[below(NELEM(a))])

static void
make_name(struct str *name, char *fa, char *la, size_t n)
{
	static struct dist cult;
	char fd[128], ld[128];
	const char *f = NULL, *l = NULL;
	int order = 0;	/* 0: first last, 1: family+given, 2: family given */

	if (!cult.n)
		dist_weights(&cult, culture_w, NCULT);
	switch ((enum culture)pick(&cult)) {
	case C_ASCII:
		f = PICK(first_ascii);
		l = PICK(last_ascii);
		break;
	case C_LATIN:
		/* At least one part accented. */
		switch (below(3)) {
		case 0: f = PICK(first_latin); l = PICK(last_latin); break;
		case 1: f = PICK(first_ascii); l = PICK(last_latin); break;
		default: f = PICK(first_latin); l = PICK(last_ascii); break;
		}
		break;
	case C_CYR: f = PICK(first_cyr); l = PICK(last_cyr); break;
	case C_GREEK: f = PICK(first_greek); l = PICK(last_greek); break;
	case C_ZH: f = PICK(zh_given); l = PICK(zh_family); order = 1; break;
	case C_JA: f = PICK(ja_given); l = PICK(ja_family); order = 2; break;
	case C_KO: f = PICK(ko_given); l = PICK(ko_family); order = 1; break;
	case C_AR: f = PICK(ar_first); l = PICK(ar_last); break;
	case C_HE: f = PICK(he_first); l = PICK(he_last); break;
	default: break;
	}
	part(f, fa, n, fd, sizeof(fd));
	part(l, la, n, ld, sizeof(ld));
	sreset(name);
	if (order == 1)
		sprintf_(name, "%s%s", ld, fd);
	else if (order == 2)
		sprintf_(name, "%s %s", ld, fd);
	else if (chance(0.04))	/* a middle initial */
		sprintf_(name, "%s %c. %s", fd, 'A' + (int)below(26), ld);
	else
		sprintf_(name, "%s %s", fd, ld);
}

/* Open addressing set of lower-cased strings. */
struct set {
	size_t cap, n;
	char **k;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int
set_add(struct set *s, const char *key)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct set t = { s->cap ? s->cap * 2 : 1024, 0, NULL };

		t.k = xcalloc(t.cap, sizeof(char *));
		for (i = 0; i < s->cap; i++)
			if (s->k[i])
				set_add(&t, s->k[i]);
		free(s->k);
		*s = t;
	}
	for (i = hash(key) & (s->cap - 1); s->k[i]; i = (i + 1) & (s->cap - 1))
		if (strcmp(s->k[i], key) == 0)
			return 0;
	s->k[i] = xstrdup(key);
	s->n++;
	return 1;
}

static void
lower(char *out, size_t n, const char *s)
{
	size_t j = 0;

	for (; *s && j + 1 < n; s++)
		out[j++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
	out[j] = '\0';
}

static char **company;
static struct dist company_d, free_d;

static char *
make_email(struct set *seen, const char *fa, const char *la)
{
	char f[64], l[64], local[160], dom[96], addr[320], low[320];
	int form = (int)below(100), k;

	email_part(f, sizeof(f), fa);
	email_part(l, sizeof(l), la);
	if (!*l)
		snprintf(l, sizeof(l), "x");
	if (form < 45)
		snprintf(local, sizeof(local), "%s.%s", f, l);
	else if (form < 60)
		snprintf(local, sizeof(local), "%c%s", f[0], l);
	else if (form < 65)
		snprintf(local, sizeof(local), "%s_%s", f, l);
	else if (form < 75)
		snprintf(local, sizeof(local), "%s%s", f, l);
	else if (form < 85)
		snprintf(local, sizeof(local), "%s.%s%d", f, l, (int)below(100));
	else if (form < 95)
		snprintf(local, sizeof(local), "%s%d", f, (int)below(10000));
	else
		snprintf(local, sizeof(local), "%s.%s", l, f);
	if (chance(0.45))
		snprintf(dom, sizeof(dom), "%s", free_domains[pick(&free_d)]);
	else
		snprintf(dom, sizeof(dom), "%s", company[pick(&company_d)]);
	snprintf(addr, sizeof(addr), "%s@%s", local, dom);
	for (k = 2; lower(low, sizeof(low), addr), !set_add(seen, low); k++)
		snprintf(addr, sizeof(addr), "%s%d@%s", local, k, dom);
	/* Some people type their address with capitals. */
	if (chance(0.04)) {
		char *p;
		int up = 1;

		for (p = addr; *p && *p != '@'; p++) {
			if (up && *p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
			up = (*p == '.' || *p == '_');
		}
	}
	return xstrdup(addr);
}

static char *
make_phone(const char *country)
{
	const char *fmt = "+## ### ### ###";
	char out[64];
	size_t i, j = 0;

	for (i = 0; i < NELEM(phones); i++)
		if (strcmp(phones[i][0], country) == 0)
			fmt = phones[i][1];
	for (i = 0; fmt[i] && j + 1 < sizeof(out); i++)
		out[j++] = fmt[i] == '#' ? (char)('0' + below(10)) : fmt[i];
	out[j] = '\0';
	/* The leading digit of an unknown country code is not a 0. */
	if (out[1] == '0')
		out[1] = '7';
	return xstrdup(out);
}

static char *city_names[NCITIES];
static const char *city_country[NCITIES];
static struct dist city_d, tag_d, title_d, owner_d;

static void
make_cities(void)
{
	struct set seen = { 0 };
	size_t i, n = NELEM(cities);
	char buf[128];

	for (i = 0; i < n; i++) {
		city_names[i] = xstrdup(cities[i][0]);
		city_country[i] = cities[i][1];
		set_add(&seen, cities[i][0]);
	}
	for (; i < NCITIES; ) {
		int s = 1 + (int)below(2);

		snprintf(buf, sizeof(buf), "%s", syl[below(NELEM(syl))]);
		while (s--)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s",
				 syl[below(NELEM(syl))]);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s",
			 city_suffix[below(NELEM(city_suffix))]);
		buf[0] = (char)(buf[0] - 'a' + 'A');
		if (chance(0.1)) {
			memmove(buf + 4, buf, strlen(buf) + 1);
			memcpy(buf, "New ", 4);
		}
		if (!set_add(&seen, buf))
			continue;
		city_names[i] = xstrdup(buf);
		/* the country of a city of the head, by rank */
		city_country[i] = cities[below(n)][1];
		i++;
	}
}

static void
make_company(size_t n)
{
	struct set seen = { 0 };
	size_t i = 0;
	char buf[96];

	company = xmalloc(n * sizeof(char *));
	while (i < n) {
		const char *a = co_a[below(NELEM(co_a))];
		const char *b = co_b[below(NELEM(co_b))];

		if (chance(0.5))
			snprintf(buf, sizeof(buf), "%s%s.example", a, b);
		else
			snprintf(buf, sizeof(buf), "%s%s%s.example", a,
				 syl[below(NELEM(syl))], b);
		if (set_add(&seen, buf))
			company[i++] = xstrdup(buf);
	}
}

/* A random id that no YAML reader takes for a number. */
static void
new_id(char id[17], struct set *ids)
{
	char low[32];

	do {
		snprintf(id, 17, "%016llx", (unsigned long long)rnd());
		lower(low, sizeof(low), id);
	} while (!strpbrk(id, "abcdf") || !set_add(ids, low));
}

static void
make_contact(struct contact *c, struct set *seen, struct set *ids,
	     struct str *tmp)
{
	char fa[64], la[64];
	size_t ci;
	int i;

	new_id(c->id, ids);
	make_name(tmp, fa, la, sizeof(fa));
	c->name = xstrdup(tmp->s);
	c->email[0] = make_email(seen, fa, la);
	c->nemail = 1;
	if (chance(0.08))
		c->email[c->nemail++] = make_email(seen, fa, la);
	ci = pick(&city_d);
	c->city = chance(0.9) ? city_names[ci] : NULL;
	c->country = chance(0.95) ? city_country[ci] : NULL;
	c->nphone = chance(0.7) ? (chance(0.12) ? 2 : 1) : 0;
	for (i = 0; i < c->nphone; i++)
		c->phone[i] = make_phone(city_country[ci]);
	c->title = chance(0.6) ? titles[pick(&title_d)] : NULL;
	{
		double u = unif();
		int n = u < 0.3 ? 0 : u < 0.6 ? 1 : u < 0.8 ? 2 : u < 0.92 ? 3 : 4;

		c->ntag = 0;
		while (c->ntag < n) {
			const char *t = tags[pick(&tag_d)];

			for (i = 0; i < c->ntag && strcmp(c->tag[i], t); i++)
				;
			if (i == c->ntag)
				c->tag[c->ntag++] = t;
		}
	}
	c->owner = chance(0.85) ? owners[pick(&owner_d)] : NULL;
	c->stage = chance(0.6) ? stages[below(NELEM(stages))] : NULL;
	c->created = T_START + (long long)below((uint64_t)(T_END - T_START - DAY));
	c->updated = c->created;
	if (chance(0.3))
		c->updated += (long long)below((uint64_t)(T_END - c->created));
	/* activity, customer value and active life, for interactions */
	c->activity = pareto(1.0, 1.3);
	if (c->activity > 2000)
		c->activity = 2000;
	c->value = pareto(20.0, 1.16);
	if (c->value > 50000)
		c->value = 50000;
	c->until = c->created + (long long)expo(500.0 * DAY);
	if (c->until > T_END - 1)
		c->until = T_END - 1;
	if (c->until < c->created + DAY)
		c->until = c->created + DAY;
}

static void
contact_json(struct str *b, const struct contact *c)
{
	char cr[32], up[32];
	int first = 1;

	iso(cr, c->created);
	iso(up, c->updated);
	sreset(b);
	json_field(b, &first, "id", c->id);
	json_field(b, &first, "name", c->name);
	json_list(b, &first, "email", (char **)c->email, c->nemail);
	json_list(b, &first, "phone", (char **)c->phone, c->nphone);
	json_field(b, &first, "title", c->title);
	json_field(b, &first, "city", c->city);
	json_field(b, &first, "country", c->country);
	json_list(b, &first, "tags", (char **)c->tag, c->ntag);
	json_field(b, &first, "owner", c->owner);
	json_field(b, &first, "stage", c->stage);
	json_field(b, &first, "created", cr);
	json_field(b, &first, "updated", up);
	sputs(b, "}\n");
}

static void
contact_csv(struct str *b, const struct contact *c)
{
	char cr[32], up[32];

	iso(cr, c->created);
	iso(up, c->updated);
	sreset(b);
	csv_field(b, 0, c->id);
	csv_field(b, 0, c->name);
	csv_list(b, 0, (char **)c->email, c->nemail);
	csv_list(b, 0, (char **)c->phone, c->nphone);
	csv_field(b, 0, c->title);
	csv_field(b, 0, c->city);
	csv_field(b, 0, c->country);
	csv_list(b, 0, (char **)c->tag, c->ntag);
	csv_field(b, 0, c->owner);
	csv_field(b, 0, c->stage);
	csv_field(b, 0, cr);
	csv_field(b, 1, up);
}

/* The YAML crm writes for this record (keys in the schema's order). */
static void
contact_yaml(struct str *b, const struct contact *c)
{
	char cr[32], up[32], e164[2][64], *ph[2];
	int i;

	iso(cr, c->created);
	iso(up, c->updated);
	/* crm keeps "+33 1 23 45 67 89" as E.164: so does the anchor */
	for (i = 0; i < c->nphone; i++) {
		const char *p = c->phone[i];
		size_t j = 0;

		for (; *p && j + 1 < sizeof(e164[i]); p++)
			if (*p != ' ')
				e164[i][j++] = *p;
		e164[i][j] = '\0';
		ph[i] = e164[i];
	}
	sreset(b);
	yaml_field(b, "id", c->id);
	yaml_field(b, "name", c->name);
	yaml_list(b, "email", (char **)c->email, c->nemail);
	yaml_list(b, "phone", ph, c->nphone);
	yaml_field(b, "title", c->title);
	yaml_field(b, "city", c->city);
	yaml_field(b, "country", c->country);
	yaml_list(b, "tags", (char **)c->tag, c->ntag);
	yaml_field(b, "owner", c->owner);
	yaml_field(b, "stage", c->stage);
	sprintf_(b, "created: %s\nupdated: %s\n", cr, up);
}

static const char contacts_header[] =
	"id,name,email,phone,title,city,country,tags,owner,stage,created,updated\n";

/* The same address with other capitals (never the same string). */
static char *
recase(const char *e)
{
	char *d = xstrdup(e), *at = strchr(d, '@'), *p;
	int mode = (int)below(3);

	for (p = d; *p; p++) {
		int letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');

		if (!letter)
			continue;
		if (mode == 0 && p < at)	/* upper-case local part */
			*p = (char)(*p & ~0x20);
		else if (mode == 1 && p > at)	/* upper-case domain */
			*p = (char)(*p & ~0x20);
		else if (mode == 2 && (p == d || p[-1] == '.'))	/* Title.Case */
			*p = (char)(*p & ~0x20);
	}
	if (strcmp(d, e) == 0) {	/* already so: flip every letter */
		for (p = d; *p; p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
				*p ^= 0x20;
	}
	return d;
}

/* ---- interactions ---- */

struct ev {
	long long at;
	uint32_t contact;
	uint32_t seq;
};

static int
ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *const itypes[] = {
	"purchase", "email", "call", "meeting", "note", "task", "support",
};
static const double itype_w[] = { 20, 25, 20, 10, 13, 10, 2 };

static int
dbl_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static void
usage(void)
{
	fputs("usage: gen [-s seed] [-c contacts] [-i interactions] [-x extras] [-F] S|M|L|- DIR\n",
	      stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	unsigned long long seedv = 20240601;
	long nc = -1, ni = -1, nx = 200;
	int files = 1, opt;
	const char *size, *dir;
	struct contact *cs;
	struct set seen = { 0 }, ids = { 0 };
	struct str b = { 0 }, t = { 0 };
	struct dist itype_d;
	char path[4096], when[32], due[32], done[32], amt[32];
	FILE *fj, *fc;
	long i, ndup, nnonascii = 0, nmixed = 0;
	double *rev;

	while ((opt = getopt(argc, argv, "s:c:i:x:F")) != -1) {
		switch (opt) {
		case 's': seedv = strtoull(optarg, NULL, 10); break;
		case 'c': nc = atol(optarg); break;
		case 'i': ni = atol(optarg); break;
		case 'x': nx = atol(optarg); break;
		case 'F': files = 0; break;
		default: usage();
		}
	}
	if (argc - optind != 2)
		usage();
	size = argv[optind];
	dir = argv[optind + 1];
	if (strcmp(size, "S") == 0) {
		if (nc < 0) nc = 10000;
		if (ni < 0) ni = 100000;
	} else if (strcmp(size, "M") == 0) {
		if (nc < 0) nc = 100000;
		if (ni < 0) ni = 1000000;
	} else if (strcmp(size, "L") == 0) {
		if (nc < 0) nc = 1000000;
		if (ni < 0) ni = 10000000;
	} else if (strcmp(size, "-") != 0 || nc < 0) {
		usage();
	}
	if (ni < 0)
		ni = nc * 10;
	if (nc < 1 || nc > 50000000 || nx < 0)
		die("bad sizes");
	xmkdir(dir);

	seed(seedv);
	make_cities();
	make_company(5000);
	dist_zipf(&city_d, NCITIES, 1.07);
	dist_zipf(&tag_d, NELEM(tags), 1.0);
	dist_zipf(&title_d, NELEM(titles), 0.8);
	dist_zipf(&owner_d, NELEM(owners), 0.7);
	dist_zipf(&company_d, 5000, 0.9);
	dist_zipf(&free_d, NELEM(free_domains), 1.2);
	dist_weights(&itype_d, itype_w, NELEM(itype_w));

	/* Contacts, then the extra ones (same generator, not in the set). */
	cs = xcalloc((size_t)(nc + nx), sizeof(*cs));
	for (i = 0; i < nc + nx; i++) {
		make_contact(&cs[i], &seen, &ids, &t);
		if (i < nc) {
			const unsigned char *p = (const unsigned char *)cs[i].name;

			for (; *p && *p < 0x80; p++)
				;
			nnonascii += *p != 0;
			nmixed += strcmp(cs[i].email[0], (lower(path, sizeof(path),
					 cs[i].email[0]), path)) != 0;
		}
	}

	fj = xopen(dir, "contacts.jsonl");
	fc = xopen(dir, "contacts.csv");
	fputs(contacts_header, fc);
	for (i = 0; i < nc; i++) {
		contact_json(&b, &cs[i]);
		fwrite(b.s, 1, b.len, fj);
		contact_csv(&b, &cs[i]);
		fwrite(b.s, 1, b.len, fc);
	}
	xclose(fj, "contacts.jsonl");
	xclose(fc, "contacts.csv");

	/* One YAML file per contact, sharded as in the store. */
	if (files) {
		snprintf(path, sizeof(path), "%s/files", dir);
		xmkdir(path);
		snprintf(path, sizeof(path), "%s/files/contacts", dir);
		xmkdir(path);
		for (i = 0; i < 256; i++) {
			snprintf(path, sizeof(path), "%s/files/contacts/%02lx", dir, i);
			xmkdir(path);
		}
		for (i = 0; i < nc; i++) {
			contact_yaml(&b, &cs[i]);
			snprintf(path, sizeof(path), "%s/files/contacts/%.2s/%s.yaml",
				 dir, cs[i].id, cs[i].id);
			write_file(path, b.s, b.len);
		}
	}

	/* Extra contacts: a TSV of command-line fields, and their YAML. */
	snprintf(path, sizeof(path), "%s/extra", dir);
	xmkdir(path);
	fc = xopen(dir, "extra.tsv");
	for (i = nc; i < nc + nx; i++) {
		const struct contact *c = &cs[i];

		fprintf(fc, "%s\t%s\t%s\t%s\t%s\t%s\n", c->id, c->name,
			c->email[0], c->city ? c->city : "",
			c->ntag ? c->tag[0] : "", c->title ? c->title : "");
		contact_yaml(&b, c);
		snprintf(path, sizeof(path), "%s/extra/%s.yaml", dir, c->id);
		write_file(path, b.s, b.len);
	}
	xclose(fc, "extra.tsv");

	/* Near-duplicates: 5 % of the set, each of a different contact. */
	ndup = nc / 20;
	fj = xopen(dir, "dupes.jsonl");
	fc = xopen(dir, "dupes.csv");
	fputs(contacts_header, fc);
	{
		char *used = xcalloc((size_t)nc, 1);
		long k = 0;

		while (k < ndup) {
			long j = (long)below((uint64_t)nc);
			struct contact d;

			if (used[j])
				continue;
			used[j] = 1;
			k++;
			d = cs[j];
			new_id(d.id, &ids);
			d.email[0] = recase(cs[j].email[0]);
			d.nemail = 1;
			d.created = d.updated = cs[j].created +
				(long long)below((uint64_t)(T_END - cs[j].created));
			if (chance(0.3))
				d.nphone = 0;
			if (chance(0.5))
				d.ntag = 0;
			contact_json(&b, &d);
			fwrite(b.s, 1, b.len, fj);
			contact_csv(&b, &d);
			fwrite(b.s, 1, b.len, fc);
			free(d.email[0]);
		}
		free(used);
	}
	xclose(fj, "dupes.jsonl");
	xclose(fc, "dupes.csv");

	/* Interactions: who by activity (heavy-tailed), when within the
	 * contact's active life, sorted by time. */
	rev = xcalloc((size_t)nc, sizeof(double));
	{
		double *w = xmalloc((size_t)nc * sizeof(double));
		struct ev *ev = xmalloc((size_t)ni * sizeof(*ev));
		struct alias al;
		long npurch = 0, nbuyers = 0, norder = 10000;
		double total = 0, top = 0;

		for (i = 0; i < nc; i++)
			w[i] = cs[i].activity *
				(double)(cs[i].until - cs[i].created) / (double)DAY;
		alias_init(&al, w, (size_t)nc);
		for (i = 0; i < ni; i++) {
			const struct contact *c;

			ev[i].contact = (uint32_t)alias_pick(&al);
			c = &cs[ev[i].contact];
			ev[i].at = c->created + (long long)below(
				(uint64_t)(c->until - c->created));
			ev[i].seq = (uint32_t)i;
		}
		qsort(ev, (size_t)ni, sizeof(*ev), ev_cmp);
		fj = xopen(dir, "interactions.jsonl");
		fc = xopen(dir, "interactions.csv");
		fputs("contact,at,type,amount,currency,summary,due,done\n", fc);
		for (i = 0; i < ni; i++) {
			const struct contact *c = &cs[ev[i].contact];
			const char *type = itypes[pick(&itype_d)];
			int first = 1;

			iso(when, ev[i].at);
			amt[0] = due[0] = done[0] = '\0';
			sreset(&t);
			if (strcmp(type, "purchase") == 0) {
				double a = c->value * exp(0.5 * normal());
				long long cents = (long long)(a * 100.0 + 0.5);

				if (cents < 100)
					cents = 100;
				snprintf(amt, sizeof(amt), "%lld.%02lld",
					 cents / 100, cents % 100);
				if (rev[ev[i].contact] == 0)
					nbuyers++;
				rev[ev[i].contact] += (double)cents / 100.0;
				total += (double)cents / 100.0;
				npurch++;
				sprintf_(&t, "Order %ld: %s", ++norder,
					 products[below(NELEM(products))]);
				if (chance(0.3))
					sprintf_(&t, ", %d seats", 2 + (int)below(60));
			} else if (strcmp(type, "task") == 0) {
				long long d = ev[i].at + (long long)(1 + below(14)) * DAY;

				isodate(due, d);
				if (d < T_END && chance(0.8))
					iso(done, d - (long long)below(2 * DAY));
				sprintf_(&t, "Follow up on %s", PICK(topics));
			} else if (strcmp(type, "email") == 0) {
				/* One draw per statement: the order in which a
				 * call's arguments are evaluated is unspecified,
				 * and the output must not depend on the compiler. */
				const char *re = chance(0.5) ? "Re" : "About";

				sprintf_(&t, "%s: %s", re, PICK(topics));
			} else if (strcmp(type, "call") == 0) {
				sprintf_(&t, "Call about %s", PICK(topics));
			} else if (strcmp(type, "meeting") == 0) {
				const char *t1 = PICK(topics);

				sprintf_(&t, "Meeting: %s and %s", t1, PICK(topics));
			} else if (strcmp(type, "support") == 0) {
				int ticket = 1000 + (int)below(90000);

				sprintf_(&t, "Ticket #%d: %s", ticket, PICK(topics));
			} else {
				const char *t1 = PICK(topics);

				sprintf_(&t, "Note: %s, %s", t1,
					 chance(0.5) ? "needs a reply" :
					 "wants a call next week");
			}
			sreset(&b);
			json_field(&b, &first, "contact", c->email[0]);
			json_field(&b, &first, "at", when);
			json_field(&b, &first, "type", type);
			json_field(&b, &first, "amount", amt);
			json_field(&b, &first, "currency", amt[0] ? "EUR" : NULL);
			json_field(&b, &first, "summary", t.s);
			json_field(&b, &first, "due", due);
			json_field(&b, &first, "done", done);
			sputs(&b, "}\n");
			fwrite(b.s, 1, b.len, fj);
			sreset(&b);
			csv_field(&b, 0, c->email[0]);
			csv_field(&b, 0, when);
			csv_field(&b, 0, type);
			csv_field(&b, 0, amt);
			csv_field(&b, 0, amt[0] ? "EUR" : "");
			csv_field(&b, 0, t.s);
			csv_field(&b, 0, due);
			csv_field(&b, 1, done);
			fwrite(b.s, 1, b.len, fc);
		}
		xclose(fj, "interactions.jsonl");
		xclose(fc, "interactions.csv");

		/* Deals: one per 10 contacts, by activity, every stage. */
		fj = xopen(dir, "deals.jsonl");
		fc = xopen(dir, "deals.csv");
		fputs("title,contact,amount,currency,stage,close\n", fc);
		for (i = 0; i < nc / 10 || (i == 0 && nc > 0); i++) {
			const struct contact *c = &cs[alias_pick(&al)];
			const char *stage = deal_stages[below(NELEM(deal_stages))];
			const char *dom = strchr(c->email[0], '@') + 1;
			long long cents = (long long)(pareto(500.0, 1.3) * 100.0);
			char title[160], close[32];
			int first = 1;

			if (cents > 500000000LL)
				cents = 500000000LL;
			snprintf(title, sizeof(title), "%.*s: %s",
				 (int)strcspn(dom, "."), dom,
				 products[below(NELEM(products))]);
			snprintf(amt, sizeof(amt), "%lld.%02lld", cents / 100,
				 cents % 100);
			isodate(close, c->created + (long long)below(
				(uint64_t)(T_END + 180 * DAY - c->created)));
			sreset(&b);
			json_field(&b, &first, "title", title);
			json_field(&b, &first, "contact", c->email[0]);
			json_field(&b, &first, "amount", amt);
			json_field(&b, &first, "currency", "EUR");
			json_field(&b, &first, "stage", stage);
			json_field(&b, &first, "close", close);
			sputs(&b, "}\n");
			fwrite(b.s, 1, b.len, fj);
			sreset(&b);
			csv_field(&b, 0, title);
			csv_field(&b, 0, c->email[0]);
			csv_field(&b, 0, amt);
			csv_field(&b, 0, "EUR");
			csv_field(&b, 0, stage);
			csv_field(&b, 1, close);
			fwrite(b.s, 1, b.len, fc);
		}
		xclose(fj, "deals.jsonl");
		xclose(fc, "deals.csv");

		/* What came out. */
		qsort(rev, (size_t)nc, sizeof(double), dbl_desc);
		for (i = 0; i < nbuyers / 5; i++)
			top += rev[i];
		fc = xopen(dir, "stats.txt");
		fprintf(fc, "seed %llu\ncontacts %ld\ninteractions %ld\n"
			"extras %ld\nnear-duplicates %ld\n", seedv, nc, ni, nx, ndup);
		fprintf(fc, "names non-ASCII %.1f%%\nemails with capitals %.1f%%\n",
			100.0 * (double)nnonascii / (double)nc,
			100.0 * (double)nmixed / (double)nc);
		{
			long n0 = 0, n1 = 0;

			for (i = 0; i < nc; i++) {
				n0 += cs[i].city == city_names[0];
				n1 += cs[i].city == city_names[1];
			}
			fprintf(fc, "city %s %.1f%%, %s %.1f%%\n", city_names[0],
				100.0 * (double)n0 / (double)nc, city_names[1],
				100.0 * (double)n1 / (double)nc);
		}
		fprintf(fc, "purchases %ld by %ld contacts, revenue %.2f, "
			"top 20%% of buyers %.1f%%\n", npurch, nbuyers, total,
			total > 0 ? 100.0 * top / total : 0.0);
		xclose(fc, "stats.txt");
		free(w);
		free(ev);
	}
	return 0;
}
