# crm build settings.  Override on the command line: make PREFIX=/usr
VERSION = 0.1.0

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANPREFIX = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share

CC = cc
PKG_CONFIG = pkg-config
PKGS = libgit2 yaml-0.1 sqlite3 jansson libutf8proc nettle zlib

CFLAGS = -O2 -g
WARN = -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes
CRM_CPPFLAGS = -D_GNU_SOURCE -Icommon
LDFLAGS =
