/*
 * gitload.c: loads libgit2 with dlopen when a command first needs it
 * (see git.h), by the soname the build found (CRM_GIT2_SONAME).
 */
#include <dlfcn.h>

#define CRM_GIT_NO_MACROS
#include "git.h"
#include "git2soname.h"
#include "crm.h"

#define CRM_GIT_DEFINE(n) __typeof__(git_##n) *crm_git_##n;
CRM_GIT_FUNCS(CRM_GIT_DEFINE)
#undef CRM_GIT_DEFINE

int
crm_git_load(void)
{
	static int loaded;
	void *h;

	if (loaded)
		return 0;
	if (!(h = dlopen(CRM_GIT2_SONAME, RTLD_NOW | RTLD_LOCAL)))
		return crm_err_set(CRM_EINTERNAL, "cannot load libgit2: %s",
				   dlerror());
#define CRM_GIT_SYM(n) \
	if (!(*(void **)&crm_git_##n = dlsym(h, "git_" #n))) \
		return crm_err_set(CRM_EINTERNAL, \
				   "cannot load libgit2: %s has no git_%s", \
				   CRM_GIT2_SONAME, #n);
	CRM_GIT_FUNCS(CRM_GIT_SYM)
#undef CRM_GIT_SYM
	loaded = 1;
	return 0;
}
