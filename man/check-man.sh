#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Host test of the section 3 man pages, run by "make check" from the build
# directory. It finds the source tree from its own path and fails when:
#   - a symbol of libuio-ring/libuio-ring.sym has no man/<symbol>.3;
#   - a function declared in include/uio-ring/uio-ring.h is not in the map, or a
#     symbol of the map is not declared in the header; a static inline
#     function of the header (which is not in the map) has no page;
#   - a page does not name its symbol, or its SYNOPSIS does not carry the
#     header's declaration word for word;
#   - a page is not listed in man/local.mk, or a listed page is missing;
#   - a page does not render without groff warnings (or lacks a section).
# Everything wrong is printed, not only the first problem.
set -u

top=$(cd "$(dirname "$0")/.." && pwd) || exit 99
mandir=$top/man
hdr=$top/include/uio-ring/uio-ring.h
map=$top/libuio-ring/libuio-ring.sym
mk=$mandir/local.mk

nfail=0
fail() {
	echo "FAIL: $*"
	nfail=$((nfail + 1))
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-man.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

for f in "$hdr" "$map" "$mk"; do
	[ -r "$f" ] || { echo "ERROR: cannot read $f"; exit 99; }
done

# The global symbols of the version script.
awk '
	/^[[:space:]]*local:/ { g = 0 }
	g && /^[[:space:]]*[A-Za-z_][A-Za-z0-9_]*[[:space:]]*;/ {
		s = $1; sub(/;.*/, "", s); print s
	}
	/^[[:space:]]*global:/ { g = 1 }
' "$map" | sort -u >"$tmp/map"

# The header's declarations, one per line, whitespace collapsed:
# "F<tab>name<tab>declaration" for functions, "T<tab>name<tab>..." for
# function pointer typedefs. Comments go first (one may start on a #define
# line), then preprocessor lines with their continuations.
awk '
	{ text = text $0 "\n" }
	END {
		while ((i = index(text, "/*")) > 0) {
			rest = substr(text, i + 2)
			j = index(rest, "*/")
			if (j == 0) { text = substr(text, 1, i - 1); break }
			text = substr(text, 1, i - 1) " " substr(rest, j + 2)
		}
		nl = split(text, line, "\n")
		text = ""
		for (l = 1; l <= nl; l++) {
			if (cont || line[l] ~ /^[[:space:]]*#/) {
				cont = line[l] ~ /\\$/
				continue
			}
			sub(/\/\/.*/, "", line[l])
			text = text line[l] " "
		}
		# The bodies of static inline functions go, each replaced by ";".
		out = ""
		while ((i = index(text, "static inline")) > 0) {
			out = out substr(text, 1, i - 1)
			rest = substr(text, i)
			j = index(rest, "{")
			if (j == 0) { out = out rest; rest = ""; break }
			out = out substr(rest, 1, j - 1) ";"
			depth = 0
			for (c = j; c <= length(rest); c++) {
				ch = substr(rest, c, 1)
				if (ch == "{") depth++
				else if (ch == "}" && --depth == 0) break
			}
			text = substr(rest, c + 1)
		}
		text = out text
		gsub(/[[:space:]]+/, " ", text)
		n = split(text, st, /[;{}]/)
		for (k = 1; k <= n; k++) {
			s = st[k]; sub(/^ /, "", s); sub(/ $/, "", s)
			if (s ~ /^typedef .*\( ?\*/) {
				if (match(s, /\( ?\*[A-Za-z_][A-Za-z0-9_]*/)) {
					name = substr(s, RSTART, RLENGTH)
					sub(/^\( ?\*/, "", name)
					print "T\t" name "\t" s ";"
				}
				continue
			}
			if (s ~ /^typedef/)
				continue
			if (s ~ /^static inline /) {
				if (match(s, /[A-Za-z_][A-Za-z0-9_]* ?\(/)) {
					name = substr(s, RSTART, RLENGTH)
					sub(/ ?\($/, "", name)
					print "I\t" name "\t" s ";"
				}
				continue
			}
			if (match(s, /[A-Za-z_][A-Za-z0-9_]* ?\(/)) {
				name = substr(s, RSTART, RLENGTH)
				sub(/ ?\($/, "", name)
				print "F\t" name "\t" s ";"
			}
		}
	}
' "$hdr" >"$tmp/decls"
awk -F '\t' '$1 == "F" { print $2 }' "$tmp/decls" | sort -u >"$tmp/funcs"
awk -F '\t' '$1 == "I" { print $2 }' "$tmp/decls" | sort -u >"$tmp/inline"

if [ ! -s "$tmp/map" ]; then
	fail "no global symbols found in $map"
fi
if [ ! -s "$tmp/funcs" ]; then
	fail "no function declarations found in $hdr"
fi
for s in $(comm -23 "$tmp/funcs" "$tmp/map"); do
	fail "$s is declared in include/uio-ring/uio-ring.h but not exported by libuio-ring/libuio-ring.sym"
done
# Old entry points that the library keeps for binaries linked before the
# header made them inline: bound by symver() to a version that is not the
# default one, so nothing new links to them.
sed -n 's/.*symver("\([A-Za-z_][A-Za-z0-9_]*\)@[^@].*/\1/p' "$top"/libuio-ring/*.c |
	sort -u >"$tmp/compat"
comm -12 "$tmp/inline" "$tmp/compat" >"$tmp/inline-compat"
for s in $(comm -13 "$tmp/funcs" "$tmp/map" | comm -23 - "$tmp/inline-compat"); do
	fail "$s is in libuio-ring/libuio-ring.sym but not declared in include/uio-ring/uio-ring.h"
done
for s in $(comm -12 "$tmp/inline" "$tmp/map" | comm -23 - "$tmp/compat"); do
	fail "$s is a static inline function of the header: it cannot be in libuio-ring/libuio-ring.sym"
done

# Every page that man/local.mk installs, and every page there is.
sed -n 's/.*\(man\/[A-Za-z0-9_.-]*\.3\).*/\1/p' "$mk" | sort -u >"$tmp/listed"
(cd "$top" && ls man/*.3 2>/dev/null) | sort -u >"$tmp/pages"
for p in $(comm -23 "$tmp/pages" "$tmp/listed"); do
	fail "$p is not listed in dist_man_MANS of man/local.mk"
done
for p in $(comm -13 "$tmp/pages" "$tmp/listed"); do
	fail "man/local.mk lists $p, which does not exist"
done

# The page that a page's ".so man3/X.3" line leads to, or the page itself.
target() {
	t=$(sed -n '1s/^\.so[[:space:]]\{1,\}//p' "$1")
	if [ -z "$t" ]; then
		echo "$1"
	else
		echo "$mandir/${t##*/}"
	fi
}

# Render every page; ".so man3/X.3" is resolved like an installed page is,
# relative to a directory whose man3 is man/.
have_groff=yes
if ! command -v groff >/dev/null 2>&1; then
	have_groff=no
	echo "SKIP: groff not found: pages not rendered, synopses not checked"
fi
ln -s "$mandir" "$tmp/man3"
for page in "$mandir"/*.3; do
	[ -e "$page" ] || continue
	base=${page##*/}
	so=$(sed -n '1s/^\.so[[:space:]]\{1,\}//p' "$page")
	if [ -n "$so" ]; then
		case $so in
		man3/*.3) ;;
		*) fail "man/$base: .so $so: expected man3/<page>.3" ;;
		esac
		if [ "$(wc -l <"$page")" -ne 1 ]; then
			fail "man/$base: a .so page has nothing but its .so line"
		fi
		if [ ! -f "$mandir/${so##*/}" ]; then
			fail "man/$base: .so $so: no man/${so##*/}"
			continue
		fi
		if [ -n "$(sed -n '1s/^\.so[[:space:]]\{1,\}//p' "$mandir/${so##*/}")" ]; then
			fail "man/$base: .so $so leads to another .so page"
		fi
	else
		for sec in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
			grep -q "^\.SH \"\{0,1\}$sec\"\{0,1\}\$" "$page" ||
				fail "man/$base: no $sec section"
		done
		case $base in
		uio_ring_*)
			for sec in "RETURN VALUE" ERRORS; do
				grep -q "^\.SH \"\{0,1\}$sec\"\{0,1\}\$" "$page" ||
					fail "man/$base: no $sec section"
			done ;;
		esac
	fi
	[ "$have_groff" = yes ] || continue
	if ! (cd "$tmp" && groff -man -Tutf8 -ww -z "$page") >"$tmp/out" 2>&1 ||
	    [ -s "$tmp/out" ]; then
		fail "man/$base does not render cleanly:"
		sed 's/^/    /' "$tmp/out"
	fi
	if [ -z "$so" ]; then
		# Plain text, one line, single spaces: for the synopsis checks.
		(cd "$tmp" && groff -man -Tascii -P-cbou "$page" 2>/dev/null) |
			tr -s ' \t\n' '   ' >"$tmp/text.$base"
	fi
done

# Every symbol: its page, named in its NAME line, its declaration in the
# synopsis of the page that documents it.
for s in $(cat "$tmp/map" "$tmp/inline"); do
	page=$mandir/$s.3
	if [ ! -f "$page" ]; then
		fail "$s has no man page man/$s.3"
		continue
	fi
	doc=$(target "$page")
	[ -f "$doc" ] || continue	# reported above
	name=$(awk '/^\.SH/ { on = ($2 == "NAME"); next } on' "$doc")
	case " $(printf '%s\n' "$name" | tr -c 'A-Za-z0-9_' ' ') " in
	*" $s "*) ;;
	*) fail "man/${doc##*/}: its NAME line does not name $s" ;;
	esac
	[ "$have_groff" = yes ] || continue
	decl=$(awk -F '\t' -v s="$s" '($1 == "F" || $1 == "I") && $2 == s { print $3; exit }' "$tmp/decls")
	[ -n "$decl" ] || continue	# reported above
	if ! grep -qF -- "$decl" "$tmp/text.${doc##*/}"; then
		fail "man/${doc##*/}: SYNOPSIS lacks the header's declaration: $decl"
	fi
done

# Function pointer types of the header: in some page's synopsis.
if [ "$have_groff" = yes ]; then
	awk -F '\t' '$1 == "T"' "$tmp/decls" | while IFS='	' read -r kind name decl; do
		if ! cat "$tmp"/text.* | grep -qF -- "$decl"; then
			echo "FAIL: no page shows the header's declaration of $name: $decl"
			echo x >>"$tmp/typedef-fails"
		fi
	done
	if [ -f "$tmp/typedef-fails" ]; then
		nfail=$((nfail + $(wc -l <"$tmp/typedef-fails")))
	fi
fi

nsym=$(wc -l <"$tmp/map")
npage=$(wc -l <"$tmp/pages")
if [ "$nfail" -ne 0 ]; then
	echo "$nfail problem(s) with the man pages of $nsym symbols"
	exit 1
fi
if [ "$have_groff" = no ]; then
	exit 77
fi
echo "ok: $nsym symbols, $npage pages, all rendered without warnings"
exit 0
