/*
 * internal.h: interfaces shared between modules of common/ that commands
 * must not use.  Commands include crm.h only.
 */
#ifndef CRM_INTERNAL_H
#define CRM_INTERNAL_H

#include "crm.h"

#endif
