/*
 * err.c: the last error's code and message, the program name, and the
 * one path by which messages reach stderr.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

/*
 * Like errno, the reason for the last failure is read after a call
 * returns, and per thread (a rebuild reads the store in a second
 * thread); the program name is fixed for the process.
 */
static __thread struct crm_buf last_msg = CRM_BUF_INIT;
static __thread int last_code;
static const char *progname = "crm";

int
crm_err_set(int code, const char *fmt, ...)
{
	struct crm_buf b = CRM_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	crm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	crm_buf_release(&last_msg);
	last_msg = b;
	last_code = code;
	return code;
}

const char *
crm_err_msg(void)
{
	return crm_buf_str(&last_msg);
}

int
crm_err_code(void)
{
	return last_code;
}

void
crm_err_clear(void)
{
	crm_buf_release(&last_msg);
	last_code = 0;
}

int
crm_err_exit(int code)
{
	switch (code) {
	case CRM_OK:
		return 0;
	case CRM_ENOMATCH:
		return 1;
	case CRM_EUSAGE:
		return 64;
	case CRM_EDATA:
	case CRM_EEXISTS:
		return 65;
	case CRM_ENOINPUT:
		return 66;
	case CRM_ENOTFOUND:
	case CRM_EAMBIG:
		return 67;
	case CRM_EIO:
		return 74;
	case CRM_EBUSY:
		return 75;
	default:
		return 70;
	}
}

void
crm_set_progname(const char *argv0)
{
	const char *s = strrchr(argv0, '/');

	progname = s ? s + 1 : argv0;
}

const char *
crm_progname(void)
{
	return progname;
}

void
crm_warn(const char *fmt, ...)
{
	struct crm_buf b = CRM_BUF_INIT;
	va_list ap;

	crm_buf_addf(&b, "%s: ", progname);
	va_start(ap, fmt);
	crm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	crm_buf_addc(&b, '\n');
	fflush(stdout);
	fputs(b.buf, stderr);
	crm_buf_release(&b);
}

int
crm_report(int rc, const char *what)
{
	const char *msg = crm_err_msg();

	if (!*msg)
		msg = "unknown error";
	if (what && *what)
		crm_warn("%s: %s", what, msg);
	else
		crm_warn("%s", msg);
	return crm_err_exit(rc);
}
