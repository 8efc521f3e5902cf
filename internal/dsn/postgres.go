package dsn

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isPostgresURL reports whether a postgres DSN is in URL form. Like lib/pq and
// pgx, only the exact lower-case schemes count; anything else is key=value.
func isPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// mightHaveOurKey is the cheap test run before any parsing: a DSN in which
// no key can spell "dh_" is returned as it is. When keys are percent-decoded,
// "dh_" can also be written with escapes, so any '%' needs a real look.
func mightHaveOurKey(dsn string, decodeKeys bool) bool {
	return strings.Contains(dsn, Prefix) || decodeKeys && strings.IndexByte(dsn, '%') >= 0
}

// ---- URL form --------------------------------------------------------------

// pgURL holds the byte positions of the parts of a postgres URL, found the
// way libpq (and pgx, which copies it) find them:
//
//	postgres[ql]://[userinfo@]host[:port][,host[:port]...][/dbname][?query]
//
// The userinfo ends at the first '@' that comes before any '/'; a '?' does
// not end it. Each host ends at ':', '/', '?' or ',' (an IPv6 host is written
// in brackets), each port at '/', '?' or ','. The dbname runs from the '/' to
// the first '?', the query from there to the end. '#' has no meaning.
type pgURL struct {
	userinfo string // "" when absent
	host     pgHost // the first host of the list
	hasPath  bool
	dbname   string // raw, between '/' and '?'
	q        int    // index of the '?' that starts the query, or -1
}

type pgHost struct{ host, port string } // raw; IPv6 brackets removed

// parsePostgresURL splits a postgres URL into parts.
func parsePostgresURL(dsn string) pgURL {
	u := pgURL{q: -1}
	p := strings.Index(dsn, "://") + 3
	if i := strings.IndexAny(dsn[p:], "@/"); i >= 0 && dsn[p+i] == '@' {
		u.userinfo = dsn[p : p+i]
		p += i + 1
	}
	for n := 0; ; n++ {
		var h pgHost
		if p < len(dsn) && dsn[p] == '[' {
			end := strings.IndexByte(dsn[p:], ']')
			if end < 0 {
				// libpq rejects this; fall back to the first '?'.
				if i := strings.IndexByte(dsn[p:], '?'); i >= 0 {
					u.q = p + i
				}
				return u
			}
			h.host = dsn[p+1 : p+end]
			p += end + 1
		}
		i := strings.IndexAny(dsn[p:], ":/?,")
		if i < 0 {
			i = len(dsn) - p
		}
		h.host += dsn[p : p+i] // empty after a well-formed IPv6 host
		p += i
		if p < len(dsn) && dsn[p] == ':' {
			p++
			i := strings.IndexAny(dsn[p:], "/?,")
			if i < 0 {
				i = len(dsn) - p
			}
			h.port = dsn[p : p+i]
			p += i
		}
		if n == 0 {
			u.host = h
		}
		if p >= len(dsn) || dsn[p] != ',' {
			break
		}
		p++
	}
	if p < len(dsn) && dsn[p] == '/' {
		u.hasPath = true
		p++
		i := strings.IndexByte(dsn[p:], '?')
		if i < 0 {
			u.dbname = dsn[p:]
			return u
		}
		u.dbname = dsn[p : p+i]
		p += i
	}
	if p < len(dsn) && dsn[p] == '?' {
		u.q = p
	}
	return u
}

func splitPostgresURL(dsn string) (string, []Param, error) {
	if !mightHaveOurKey(dsn, true) {
		return dsn, nil, nil
	}
	u := parsePostgresURL(dsn)
	// libpq ends the userinfo at an '@' even past a '?', where a URL parser
	// (lib/pq uses net/url) sees the start of the query. If a dh_ key sits
	// in that stretch the two readings disagree about it: refuse to guess.
	if i := strings.IndexByte(u.userinfo, '?'); i >= 0 {
		if postgresURLRules.countOurPairs(u.userinfo[i+1:]) > 0 {
			return "", nil, &SyntaxError{Form: Postgres, Offset: strings.Index(dsn, "://") + 3 + len(u.userinfo),
				Msg: "URL: '@' after a dh_ parameter makes the user info ambiguous; percent-encode '@' as %40"}
		}
	}
	if u.q < 0 {
		return dsn, nil, nil
	}
	return postgresURLRules.strip(dsn, u.q)
}

func postgresURLTarget(dsn string) Target {
	u := parsePostgresURL(dsn)
	var t Target
	if u.userinfo != "" {
		user, _, _ := strings.Cut(u.userinfo, ":")
		t.User = lenientUnescape(trimSpaces(user))
	}
	// Like libpq, the host and port lists are decoded as a whole and then
	// split at commas, so only the first entry matters here.
	t.Host, _, _ = strings.Cut(lenientUnescape(trimSpaces(u.host.host)), ",")
	port, _, _ := strings.Cut(lenientUnescape(trimSpaces(u.host.port)), ",")
	t.Port = parsePort(port)
	if u.hasPath {
		t.Database = lenientUnescape(trimSpaces(u.dbname))
	}
	var hostaddr string
	if u.q >= 0 {
		postgresURLRules.lookup(dsn[u.q+1:], func(k, v string) {
			switch k {
			case "host":
				t.Host, _, _ = strings.Cut(v, ",")
			case "hostaddr":
				hostaddr, _, _ = strings.Cut(v, ",")
			case "port":
				port, _, _ := strings.Cut(v, ",")
				t.Port = parsePort(port)
			case "dbname", "database":
				t.Database = v
			case "user":
				t.User = v
			}
		})
	}
	if t.Host == "" {
		t.Host = hostaddr
	}
	return t
}

func parsePort(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 || n > 65535 {
		return 0
	}
	return n
}

// ---- key=value form --------------------------------------------------------

// kvToken is one keyword=value setting of a libpq connection string.
type kvToken struct {
	start, end int    // the setting's bytes, from the keyword to the end of the value
	key        string // the keyword as written
	raw        string // the value as written, without surrounding quotes
}

// kvScanner reads a libpq key=value connection string the way libpq's
// conninfo_parse does (and pgx, which copies it): a keyword is a run of
// characters other than white space and '='; white space may surround the
// '='; a value is either a run of non-white-space characters or a string in
// single quotes, and in both a backslash takes the next character literally.
// A quoted value may be followed directly by the next keyword. White space is
// ASCII white space, as for C's isspace; lib/pq also accepts Unicode spaces.
type kvScanner struct {
	s string
	i int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func (sc *kvScanner) skipSpaces() {
	for sc.i < len(sc.s) && isSpace(sc.s[sc.i]) {
		sc.i++
	}
}

// next returns the next setting; ok is false at the end of the string.
func (sc *kvScanner) next() (tok kvToken, ok bool, err error) {
	s := sc.s
	sc.skipSpaces()
	if sc.i >= len(s) {
		return tok, false, nil
	}
	tok.start = sc.i
	for sc.i < len(s) && !isSpace(s[sc.i]) && s[sc.i] != '=' {
		sc.i++
	}
	tok.key = s[tok.start:sc.i]
	if at := pqHiddenKey(tok.key, false); at >= 0 {
		return tok, false, errPQHidden(tok.start + at)
	}
	sc.skipSpaces()
	if sc.i >= len(s) || s[sc.i] != '=' {
		return tok, false, &SyntaxError{Form: Postgres, Offset: tok.start, Msg: `key=value: missing "=" after keyword`}
	}
	if tok.key == "" {
		return tok, false, &SyntaxError{Form: Postgres, Offset: tok.start, Msg: "key=value: empty keyword"}
	}
	sc.i++ // '='
	tok.end = sc.i
	sc.skipSpaces()
	switch {
	case sc.i >= len(s):
		// "key=" at the very end: an empty value. The white space after
		// the '=' is left outside the setting.
	case s[sc.i] == '\'':
		open := sc.i
		sc.i++
		vs := sc.i
		for {
			if sc.i >= len(s) {
				return tok, false, &SyntaxError{Form: Postgres, Offset: open, Msg: "key=value: unterminated quoted value"}
			}
			c := s[sc.i]
			if c == '\'' {
				break
			}
			if c == '\\' {
				sc.i++
				if sc.i >= len(s) {
					return tok, false, &SyntaxError{Form: Postgres, Offset: open, Msg: "key=value: unterminated quoted value"}
				}
			}
			sc.i++
		}
		tok.raw = s[vs:sc.i]
		sc.i++ // closing quote
		tok.end = sc.i
	default:
		vs := sc.i
		for sc.i < len(s) && !isSpace(s[sc.i]) {
			if s[sc.i] == '\\' {
				sc.i++
				if sc.i >= len(s) {
					break // a trailing backslash is dropped, as libpq and pgx do
				}
			}
			sc.i++
		}
		tok.raw = s[vs:sc.i]
		tok.end = sc.i
		if at := pqHiddenKey(tok.raw, true); at >= 0 {
			return tok, false, errPQHidden(vs + at)
		}
	}
	return tok, true, nil
}

// pqHiddenKey returns the offset in s of a non-ASCII Unicode space that is
// followed, after any more white space, by "dh_", or -1. lib/pq splits a
// connection string at any Unicode space, libpq and pgx only at ASCII ones,
// so such a dh_ parameter is one for lib/pq and part of a word for the
// others: it cannot be placed reliably.
//
// In a value (escapes), a backslash takes the whole next character along.
func pqHiddenKey(s string, escapes bool) int {
	for i := 0; i < len(s); i++ {
		if escapes && s[i] == '\\' && i+1 < len(s) {
			_, size := utf8.DecodeRuneInString(s[i+1:])
			i += size
			continue
		}
		if s[i] < utf8.RuneSelf {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			i += size - 1
			continue
		}
		rest := strings.TrimLeftFunc(s[i+size:], unicode.IsSpace)
		if strings.HasPrefix(rest, Prefix) {
			return i
		}
		i += size - 1
	}
	return -1
}

func errPQHidden(at int) error {
	return &SyntaxError{Form: Postgres, Offset: at, Msg: "key=value: dh_ parameter after a non-ASCII space, where lib/pq and libpq split differently"}
}

// unescapeKV applies the backslash rule of libpq values.
func unescapeKV(raw string) string {
	if strings.IndexByte(raw, '\\') < 0 {
		return raw
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\\' {
			i++
			if i >= len(raw) {
				break
			}
		}
		b.WriteByte(raw[i])
	}
	return b.String()
}

func splitPostgresKV(dsn string) (string, []Param, error) {
	if !mightHaveOurKey(dsn, false) {
		return dsn, nil, nil
	}
	// First pass: check the syntax and count our keys without allocating.
	ntoks, nours := 0, 0
	sc := kvScanner{s: dsn}
	for {
		tok, ok, err := sc.next()
		if err != nil {
			return "", nil, err
		}
		if !ok {
			break
		}
		ntoks++
		if ours(tok.key) {
			nours++
		}
	}
	if nours == 0 {
		return dsn, nil, nil
	}

	// Second pass: rebuild. Leading and trailing white space are kept.
	// Between two kept settings goes the white space that followed the
	// first of them in the DSN, so a removed setting takes its own trailing
	// white space with it. That white space can only be empty after a
	// quoted value, where the next keyword may follow directly; then the
	// white space that preceded the second setting is used instead, so that
	// "password='x'dh_a=1 port=1" becomes "password='x' port=1".
	var (
		params = make([]Param, 0, nours)
		toks   = make([]kvToken, 0, ntoks)
		kept   = make([]int, 0, ntoks-nours)
	)
	sc = kvScanner{s: dsn}
	for {
		tok, ok, _ := sc.next()
		if !ok {
			break
		}
		if ours(tok.key) {
			params = append(params, Param{Name: tok.key, Value: unescapeKV(tok.raw)})
		} else {
			kept = append(kept, len(toks))
		}
		toks = append(toks, tok)
	}
	if len(kept) == 0 {
		return "", params, nil
	}
	var b strings.Builder
	b.Grow(len(dsn))
	b.WriteString(dsn[:toks[0].start])
	for n, k := range kept {
		if n > 0 {
			prev := kept[n-1]
			sep := dsn[toks[prev].end:toks[prev+1].start]
			if sep == "" {
				sep = dsn[toks[k-1].end:toks[k].start]
			}
			b.WriteString(sep)
		}
		b.WriteString(dsn[toks[k].start:toks[k].end])
	}
	b.WriteString(dsn[toks[len(toks)-1].end:])
	return b.String(), params, nil
}

func postgresKVTarget(dsn string) Target {
	var (
		t                     Target
		host, hostaddr, ports string
	)
	sc := kvScanner{s: dsn}
	for {
		tok, ok, err := sc.next()
		if err != nil || !ok {
			break
		}
		switch tok.key {
		case "host":
			host = unescapeKV(tok.raw)
		case "hostaddr":
			hostaddr = unescapeKV(tok.raw)
		case "port":
			ports = unescapeKV(tok.raw)
		case "dbname", "database":
			t.Database = unescapeKV(tok.raw)
		case "user":
			t.User = unescapeKV(tok.raw)
		}
	}
	t.Host, _, _ = strings.Cut(host, ",")
	if t.Host == "" {
		t.Host, _, _ = strings.Cut(hostaddr, ",")
	}
	port, _, _ := strings.Cut(ports, ",")
	t.Port = parsePort(port)
	return t
}
