package parse

import "strings"

// tokKind is the lexical class of a token.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tIdent          // unquoted word, keywords included
	tQIdent         // quoted identifier: "x", `x`, [x]
	tString         // string literal (any form)
	tDQStr          // MySQL "x": a string literal under the default sql_mode
	tNumber         // numeric literal
	tParam          // placeholder
	tVar            // MySQL @user_var or @@system_var
	tOp             // operator or punctuation
)

// token flags.
const (
	fEscaped   uint8 = 1 << iota // quoted text holds doubled quotes or escapes: decode before use
	fBackslash                   // string uses backslash escapes
	fGap                         // preceded by whitespace or a comment
	fUpper                       // unquoted identifier holds ASCII upper case
	fNamed                       // named placeholder
	fNonASCII                    // identifier (quoted or not) holds non-ASCII bytes
)

// token is one lexical element; pos and end index the statement text.
type token struct {
	pos, end int32
	ord      int32 // placeholder ordinal (1-based), 0 when none
	kind     tokKind
	kw       kw // the keyword of a tIdent; the character of a one-character tOp
	flags    uint8
	qoff     uint8 // offset of the opening quote of a prefixed string (E'..', N'..')
}

// lexer turns a statement text into tokens. It never fails: a lexical error
// sets bad, which makes the statement Unknown.
type lexer struct {
	d    Dialect
	s    string
	i    int
	toks []token

	bad      bool // lexical error or construct outside the dialect
	gap      bool // whitespace or comment seen since the last token
	literals bool // a string or number literal was seen
	comments bool // a comment was seen
	spaces   bool // whitespace other than one space between two tokens was seen
	exec     int  // depth of MySQL /*! ... */ executable comments
	bracket  int  // Postgres [ ] depth (a:b is a slice there, not :name)

	tail int // start of a trailing block comment that ends the text, or -1

	identMask uint8 // charClass bits that continue an identifier

	dollar   bool  // a $n placeholder was seen
	question int32 // positional ? placeholders seen
	maxOrd   int32 // highest placeholder ordinal
	named    []namedParam
	namedMap map[string]int32 // named, indexed once it grows
}

type namedParam struct {
	name string
	ord  int32
}

// reset prepares a pooled lexer for text s, keeping its scratch buffers.
// Field by field rather than *l = lexer{...}: reslicing in place stores no
// pointer, so no bulk write barrier. TestLexerReset checks that every field
// is covered.
func (l *lexer) reset(d Dialect, s string, toks []token) {
	l.d = d
	l.s = s
	l.i = 0
	l.toks = toks
	l.bad, l.gap, l.literals, l.comments, l.spaces = false, false, false, false, false
	l.exec, l.bracket = 0, 0
	l.tail = 0
	l.identMask = 0
	l.dollar = false
	l.question, l.maxOrd = 0, 0
	l.named = l.named[:0]
	l.namedMap = nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// charClass flags per byte.
const (
	ccStart  = 1 << iota // may start an identifier
	ccIdent              // may continue an identifier ($ excluded)
	ccDollar             // $, which continues identifiers outside SQLite
	ccUpper  = fUpper    // ASCII upper case letter
	ccHigh   = fNonASCII // byte of a non-ASCII character
	ccPrefix = 1 << 7    // may prefix a string literal: b e n u x (either case)
)

// The class bits must not overlap the token flags they are copied to.
var _ = [1]struct{}{}[(ccStart|ccIdent|ccDollar|ccPrefix)&(ccUpper|ccHigh)]

var charClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 'A' && c <= 'Z':
			t[c] = ccStart | ccIdent | ccUpper
		case c >= 'a' && c <= 'z', c == '_':
			t[c] = ccStart | ccIdent
		case c >= 0x80:
			t[c] = ccStart | ccIdent | ccHigh
		case c >= '0' && c <= '9':
			t[c] = ccIdent
		case c == '$':
			t[c] = ccDollar
		}
	}
	for _, c := range "beunxBEUNX" {
		t[c] |= ccPrefix
	}
	return t
}()

// Byte kinds: how run dispatches on the first byte of a token.
const (
	bkOp       uint8 = iota // any other byte: an operator (or an error)
	bkSpace                 // whitespace
	bkWord                  // may start an identifier
	bkDigit                 // 0-9
	bkPunct                 // ( ) , ; { }: a token of its own
	bkDot                   // .
	bkQuote                 // '
	bkDQuote                // "
	bkBacktick              // `
	bkLBracket              // [
	bkRBracket              // ]
	bkDollar                // $
	bkQuestion              // ?
	bkColon                 // :
	bkAt                    // @
	bkMinus                 // -
	bkHash                  // #
	bkSlash                 // /
	bkStar                  // *
	bkEq                    // =
)

var byteKind = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case isSpace(byte(c)):
			t[c] = bkSpace
		case charClass[c]&ccStart != 0:
			t[c] = bkWord
		case isDigit(byte(c)):
			t[c] = bkDigit
		}
	}
	for _, c := range "(),;{}" {
		t[c] = bkPunct
	}
	t['.'] = bkDot
	t['\''] = bkQuote
	t['"'] = bkDQuote
	t['`'] = bkBacktick
	t['['] = bkLBracket
	t[']'] = bkRBracket
	t['$'] = bkDollar
	t['?'] = bkQuestion
	t[':'] = bkColon
	t['@'] = bkAt
	t['-'] = bkMinus
	t['#'] = bkHash
	t['/'] = bkSlash
	t['*'] = bkStar
	t['='] = bkEq
	return t
}()

func isIdentStart(c byte) bool { return charClass[c]&ccStart != 0 }

func (l *lexer) isIdentChar(c byte) bool {
	return charClass[c]&l.identMask != 0
}

// pgOpChar reports whether c may be part of a Postgres operator.
func pgOpChar(c byte) bool {
	switch c {
	case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?':
		return true
	}
	return false
}

func (l *lexer) peekAt(i int) byte {
	if i >= 0 && i < len(l.s) {
		return l.s[i]
	}
	return 0
}

func (l *lexer) emit(t token) {
	if t.kind == tOp && t.end-t.pos == 1 {
		t.kw = kw(l.s[t.pos])
	}
	t.flags |= gapFlag(l.gap)
	l.gap = false
	l.toks = append(l.toks, t)
}

// gapFlag is fGap for a token preceded by a gap.
func gapFlag(gap bool) uint8 {
	if gap {
		return fGap
	}
	return 0
}

// questionOrd numbers the next positional ?: in order, but in SQLite after
// the highest number used so far (?3 ? is ?3 ?4).
func (l *lexer) questionOrd() int32 {
	l.question++
	if l.d == SQLite {
		l.maxOrd++
		return l.maxOrd
	}
	l.maxOrd = max(l.maxOrd, l.question)
	return l.question
}

// run lexes the whole text. The loop lexes the common tokens itself (plain
// words, plain quoted identifiers, whitespace, punctuation, =, ? and $n
// placeholders), with its position in local variables, and hands every
// other token to step.
func (l *lexer) run() {
	l.tail = -1
	mask := uint8(ccIdent | ccDollar)
	if l.d == SQLite {
		mask = ccIdent
	}
	l.identMask = mask
	// The quotes of identifiers: " but in MySQL, ` but in Postgres.
	var notQuote byte
	switch l.d {
	case MySQL:
		notQuote = '"'
	case Postgres:
		notQuote = '`'
	}
	s := l.s
	i, gap := l.i, l.gap
	for i < len(s) {
		c := s[i]
	out:
		switch byteKind[c] {
		case bkSpace:
			j := i + 1
			if c == ' ' && j < len(s) && byteKind[s[j]] != bkSpace && len(l.toks) > 0 {
				// One space between two tokens.
				i = j
				gap = true
				continue
			}
			for j < len(s) && byteKind[s[j]] == bkSpace {
				j++
			}
			l.spaces = true // anything but one plain space between two tokens
			i = j
			gap = true
			continue
		case bkWord:
			if charClass[c]&ccPrefix != 0 && i+1 < len(s) && (s[i+1] == '\'' || s[i+1] == '&') {
				break // a prefixed string, maybe
			}
			var acc uint8
			j := i
			for j < len(s) {
				cc := charClass[s[j]]
				if cc&mask == 0 {
					break
				}
				acc |= cc
				j++
			}
			t := token{pos: int32(i), end: int32(j), kind: tIdent, flags: acc & (ccUpper | ccHigh)}
			if acc&ccHigh == 0 {
				if n := j - i; n >= 2 && n <= 8 && i+8 <= len(s) {
					// The key shortKey computes, without the call.
					v := load8(s[i:])&(^uint64(0)>>(64-8*n)) | 0x2020202020202020>>(64-8*n)
					t.kw = shortKw(v)
				} else {
					t.kw = wordKw(s, i, j)
				}
			}
			t.flags |= gapFlag(gap)
			gap = false
			l.toks = append(l.toks, t)
			i = j
			continue
		case bkDQuote, bkBacktick:
			if c == notQuote {
				break
			}
			j := i + 1
			var hi byte
			for j < len(s) && s[j] != c {
				hi |= s[j]
				j++
			}
			if j == i+1 || j >= len(s) || j+1 < len(s) && s[j+1] == c {
				break // empty, unterminated or holding a doubled quote
			}
			t := token{pos: int32(i), end: int32(j + 1), kind: tQIdent}
			if hi >= 0x80 {
				t.flags = fNonASCII
			}
			t.flags |= gapFlag(gap)
			gap = false
			l.toks = append(l.toks, t)
			i = j + 1
			continue
		case bkQuestion:
			// A positional ?, as question1 lexes it.
			if l.d == Postgres || l.d == SQLite && i+1 < len(s) && isDigit(s[i+1]) {
				break
			}
			t := token{pos: int32(i), end: int32(i + 1), kind: tParam, ord: l.questionOrd()}
			t.flags |= gapFlag(gap)
			gap = false
			l.toks = append(l.toks, t)
			i++
			continue
		case bkDollar:
			// A $n placeholder of a few digits, as dollarSign lexes it.
			if l.d != Postgres && l.d != Generic {
				break
			}
			j, n := i+1, int32(0)
			for j < len(s) && j-i <= 7 && isDigit(s[j]) {
				n = n*10 + int32(s[j]-'0')
				j++
			}
			if n == 0 || n > 1<<20 || j < len(s) && charClass[s[j]]&(mask|ccIdent) != 0 {
				break
			}
			l.dollar = true
			if n > l.maxOrd {
				l.maxOrd = n
			}
			t := token{pos: int32(i), end: int32(j), kind: tParam, ord: n}
			t.flags |= gapFlag(gap)
			gap = false
			l.toks = append(l.toks, t)
			i = j
			continue
		case bkPunct, bkDot, bkEq:
			switch {
			case c == '.' && i+1 < len(s) && isDigit(s[i+1]):
				break out // a number
			case c == '=' && i+1 < len(s) && (s[i+1] == '=' || l.d == Postgres && pgOpChar(s[i+1])):
				break out // a longer operator: op lexes it
			}
			t := token{pos: int32(i), end: int32(i + 1), kind: tOp, kw: kw(c)}
			t.flags |= gapFlag(gap)
			gap = false
			l.toks = append(l.toks, t)
			i++
			continue
		}
		l.i, l.gap = i, gap
		l.step()
		i, gap = l.i, l.gap
	}
	l.i, l.gap = i, gap
	if l.exec > 0 {
		l.bad = true
	}
	if l.d == Postgres && l.dollar && l.question > 0 {
		// With $n placeholders, a bare ? is the jsonb key-exists operator.
		for k := range l.toks {
			t := &l.toks[k]
			if t.kind == tParam && t.flags&fNamed == 0 && l.s[t.pos] == '?' {
				t.kind = tOp
				t.kw = kw('?')
				t.ord = 0
			}
		}
	}
}

// step lexes one token (or comment) at l.i: those run leaves to it.
// Whitespace and plain punctuation never reach it, and a dot only when a
// digit follows.
func (l *lexer) step() {
	s := l.s
	c := s[l.i]
	start := l.i
	switch byteKind[c] {
	case bkWord:
		l.word()
	case bkDigit, bkDot:
		l.number()
	case bkQuote:
		l.str(start, 0, l.d == MySQL)
	case bkDQuote:
		if l.d == MySQL {
			l.quoted(tDQStr, '"', '"')
		} else {
			l.quoted(tQIdent, '"', '"')
		}
	case bkBacktick:
		if l.d == Postgres {
			l.op()
		} else {
			l.quoted(tQIdent, '`', '`')
		}
	case bkLBracket:
		if l.d == SQLite {
			l.quoted(tQIdent, '[', ']')
			break
		}
		l.bracket++
		l.i++
		l.emit(token{pos: int32(start), end: int32(l.i), kind: tOp})
	case bkRBracket:
		if l.bracket > 0 {
			l.bracket--
		}
		l.i++
		l.emit(token{pos: int32(start), end: int32(l.i), kind: tOp})
	case bkDollar:
		l.dollarSign()
	case bkQuestion:
		l.question1()
	case bkColon:
		l.colon()
	case bkAt:
		l.at()
	case bkMinus:
		if l.peekAt(l.i+1) == '-' && (l.d != MySQL || l.i+2 >= len(s) || s[l.i+2] <= ' ') {
			l.lineComment()
			break
		}
		l.op()
	case bkHash:
		switch l.d {
		case MySQL:
			l.lineComment()
		case Generic:
			l.bad = true // a comment in MySQL, an operator elsewhere
			l.i++
		default:
			l.op()
		}
	case bkSlash:
		if l.peekAt(l.i+1) == '*' {
			l.blockComment()
			break
		}
		l.op()
	case bkStar:
		if l.peekAt(l.i+1) == '/' && l.exec > 0 {
			l.exec--
			l.i += 2
			l.gap = true
			break
		}
		l.op()
	default:
		l.op()
	}
}

func (l *lexer) lineComment() {
	l.comments = true
	for l.i < len(l.s) && l.s[l.i] != '\n' {
		l.i++
	}
	l.gap = true
}

func (l *lexer) blockComment() {
	start := l.i
	s := l.s
	if l.d == MySQL {
		// /*! ... */ and /*!50001 ... */ (MySQL) and /*M! ... */ (MariaDB)
		// are executed: lex their content.
		j := l.i + 2
		if j < len(s) && s[j] == 'M' && l.peekAt(j+1) == '!' {
			j++
		}
		if j < len(s) && s[j] == '!' {
			j++
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if l.exec > 0 {
				l.bad = true // nested executable comments
			}
			l.exec++
			l.i = j
			l.gap = true
			l.comments = true
			return
		}
	}
	l.comments = true
	l.gap = true
	depth := 1
	i := l.i + 2
	for i < len(s) {
		if s[i] == '*' && i+1 < len(s) && s[i+1] == '/' {
			depth--
			i += 2
			if depth == 0 || l.d != Postgres {
				l.i = i
				if i == len(s) && l.exec == 0 {
					l.tail = start
				}
				return
			}
			continue
		}
		if s[i] == '/' && i+1 < len(s) && s[i+1] == '*' {
			switch l.d {
			case Postgres:
				depth++
				i += 2
				continue
			case Generic:
				l.bad = true // nested in Postgres, not elsewhere
			}
		}
		i++
	}
	// Unterminated comment. SQLite accepts it; the others reject the text.
	if l.d != SQLite {
		l.bad = true
	}
	l.i = len(s)
}

// word lexes an identifier or keyword, or a prefixed string literal.
func (l *lexer) word() {
	s := l.s
	start := l.i
	c := s[start]
	next := l.peekAt(start + 1)
	// Prefixed strings: E'..' B'..' X'..' N'..' U&'..' U&".."
	if next == '\'' {
		switch c {
		case 'e', 'E':
			if l.d == Postgres {
				l.str(start, 1, true)
				return
			}
		case 'b', 'B', 'x', 'X', 'n', 'N':
			l.str(start, 1, l.d == MySQL)
			return
		}
	}
	if (c == 'u' || c == 'U') && next == '&' && l.d == Postgres {
		switch l.peekAt(start + 2) {
		case '\'':
			l.str(start, 2, false)
			return
		case '"':
			l.i += 2
			before := len(l.toks)
			l.quoted(tQIdent, '"', '"')
			if n := len(l.toks); n > before {
				l.toks[n-1].pos = int32(start)
				l.toks[n-1].qoff = 2
				// Unicode escapes are not decoded: refuse to guess the name.
				if idx := strings.IndexByte(s[start:l.i], '\\'); idx >= 0 {
					l.bad = true
				}
			}
			return
		}
	}
	var acc uint8
	i := start
	mask := l.identMask
	for i < len(s) {
		cc := charClass[s[i]]
		if cc&mask == 0 {
			break
		}
		acc |= cc
		i++
	}
	l.i = i
	t := token{pos: int32(start), end: int32(i), kind: tIdent, flags: acc & (ccUpper | ccHigh)}
	if acc&ccHigh == 0 {
		t.kw = wordKw(s, start, i)
	}
	l.emit(t)
}

// number lexes a numeric literal.
func (l *lexer) number() {
	s := l.s
	start := l.i
	i := start
	if s[i] == '0' && i+1 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X' || s[i+1] == 'b' || s[i+1] == 'B' || s[i+1] == 'o' || s[i+1] == 'O') {
		i += 2
		for i < len(s) && (isDigit(s[i]) || s[i] >= 'a' && s[i] <= 'f' || s[i] >= 'A' && s[i] <= 'F' || s[i] == '_') {
			i++
		}
	} else {
		for i < len(s) && (isDigit(s[i]) || s[i] == '_' && l.d == Postgres) {
			i++
		}
		if i < len(s) && s[i] == '.' && !(l.d == Postgres && i+1 < len(s) && s[i+1] == '.') {
			i++
			for i < len(s) && isDigit(s[i]) {
				i++
			}
		}
		if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
			j := i + 1
			if j < len(s) && (s[j] == '+' || s[j] == '-') {
				j++
			}
			if j < len(s) && isDigit(s[j]) {
				for j < len(s) && isDigit(s[j]) {
					j++
				}
				i = j
			}
		}
	}
	if i < len(s) && l.isIdentChar(s[i]) {
		if l.d == MySQL {
			// MySQL identifiers may begin with digits (1abc).
			for i < len(s) && l.isIdentChar(s[i]) {
				i++
			}
			l.i = i
			l.emit(token{pos: int32(start), end: int32(i), kind: tIdent, flags: fUpper})
			return
		}
		l.bad = true // trailing junk after a number
	}
	l.i = i
	l.literals = true
	l.emit(token{pos: int32(start), end: int32(i), kind: tNumber})
}

// str lexes a '...' string starting at l.s[start+qoff]; backslash selects
// backslash escapes.
func (l *lexer) str(start, qoff int, backslash bool) {
	s := l.s
	i := start + qoff + 1
	var flags uint8
	if backslash {
		flags |= fBackslash
	}
	for {
		if i >= len(s) {
			l.bad = true
			l.i = len(s)
			return
		}
		c := s[i]
		if c == '\\' {
			if backslash {
				flags |= fEscaped
				i += 2
				continue
			}
			if l.d == Generic {
				l.bad = true // an escape in MySQL, a plain character elsewhere
			}
		}
		if c == '\'' {
			if i+1 < len(s) && s[i+1] == '\'' {
				flags |= fEscaped
				i += 2
				continue
			}
			i++
			break
		}
		i++
	}
	l.i = i
	l.literals = true
	l.emit(token{pos: int32(start), end: int32(i), kind: tString, flags: flags, qoff: uint8(qoff)})
}

// quoted lexes a quoted identifier (or a MySQL "string").
func (l *lexer) quoted(kind tokKind, open, close byte) {
	s := l.s
	start := l.i
	i := start + 1
	var flags, hi uint8
	backslash := kind == tDQStr
	if backslash {
		flags |= fBackslash
	}
	for {
		if i >= len(s) {
			l.bad = true
			l.i = len(s)
			return
		}
		c := s[i]
		if backslash && c == '\\' {
			flags |= fEscaped
			i += 2
			continue
		}
		if c == close {
			if open != '[' && i+1 < len(s) && s[i+1] == close {
				flags |= fEscaped
				i += 2
				continue
			}
			i++
			break
		}
		hi |= c
		i++
	}
	if i-start == 2 && kind == tQIdent {
		l.bad = true // zero-length identifier
	}
	if hi >= 0x80 && kind == tQIdent {
		flags |= fNonASCII
	}
	l.i = i
	if kind == tDQStr {
		l.literals = true
	}
	l.emit(token{pos: int32(start), end: int32(i), kind: kind, flags: flags})
}

func (l *lexer) dollarSign() {
	s := l.s
	start := l.i
	next := l.peekAt(start + 1)
	switch l.d {
	case Postgres, Generic:
		if isDigit(next) {
			i := start + 1
			n := int64(0)
			for i < len(s) && isDigit(s[i]) {
				if n < 1<<30 {
					n = n*10 + int64(s[i]-'0')
				}
				i++
			}
			if i < len(s) && l.isIdentChar(s[i]) {
				l.bad = true
			}
			if n > 1<<20 || n == 0 {
				l.bad = true
				n = 0
			}
			l.i = i
			l.dollar = true
			if int32(n) > l.maxOrd {
				l.maxOrd = int32(n)
			}
			l.emit(token{pos: int32(start), end: int32(i), kind: tParam, ord: int32(n)})
			return
		}
		// Dollar quoting: $tag$ ... $tag$.
		j := start + 1
		for j < len(s) && s[j] != '$' && (isIdentStart(s[j]) || isDigit(s[j])) {
			j++
		}
		if j < len(s) && s[j] == '$' {
			if l.d == Generic {
				l.bad = true
			}
			tag := s[start : j+1]
			end := strings.Index(s[j+1:], tag)
			if end < 0 {
				l.bad = true
				l.i = len(s)
				return
			}
			l.i = j + 1 + end + len(tag)
			l.literals = true
			l.emit(token{pos: int32(start), end: int32(l.i), kind: tString, qoff: uint8(min(len(tag), 255))})
			return
		}
		l.bad = true
		l.i++
	case SQLite:
		if isIdentStart(next) || isDigit(next) {
			l.namedParam(start, start+1)
			return
		}
		l.bad = true
		l.i++
	default: // MySQL: $ may begin an identifier
		l.word()
	}
}

func (l *lexer) question1() {
	s := l.s
	start := l.i
	next := l.peekAt(start + 1)
	if l.d == Postgres && (next == '|' || next == '&' || next == '-' || next == '#') {
		l.op()
		return
	}
	if l.d == SQLite && isDigit(next) {
		i := start + 1
		n := int64(0)
		for i < len(s) && isDigit(s[i]) {
			if n < 1<<30 {
				n = n*10 + int64(s[i]-'0')
			}
			i++
		}
		if n == 0 || n > 1<<20 {
			l.bad = true
			n = 0
		}
		l.i = i
		if int32(n) > l.maxOrd {
			l.maxOrd = int32(n)
		}
		l.emit(token{pos: int32(start), end: int32(i), kind: tParam, ord: int32(n)})
		return
	}
	l.i++
	l.emit(token{pos: int32(start), end: int32(l.i), kind: tParam, ord: l.questionOrd()})
}

func (l *lexer) colon() {
	start := l.i
	next := l.peekAt(start + 1)
	if next == ':' || next == '=' {
		l.i += 2
		l.emit(token{pos: int32(start), end: int32(l.i), kind: tOp})
		return
	}
	if (isIdentStart(next) || l.d == SQLite && isDigit(next)) && !(l.d == Postgres && l.bracket > 0) {
		l.namedParam(start, start+1)
		return
	}
	l.i++
	l.emit(token{pos: int32(start), end: int32(l.i), kind: tOp})
}

func (l *lexer) at() {
	s := l.s
	start := l.i
	next := l.peekAt(start + 1)
	if l.d == MySQL {
		// @var, @'var', @`var`, @@var, @@global.var: session state.
		i := start + 1
		if next == '@' {
			i++
		}
		if i < len(s) && (s[i] == '\'' || s[i] == '"' || s[i] == '`') {
			q := s[i]
			i++
			for i < len(s) && s[i] != q {
				i++
			}
			if i >= len(s) {
				l.bad = true
			}
			i++
		} else {
			for i < len(s) && (l.isIdentChar(s[i]) || s[i] == '.') {
				i++
			}
		}
		l.i = min(i, len(s))
		l.emit(token{pos: int32(start), end: int32(l.i), kind: tVar})
		return
	}
	if next == '@' && l.d == Generic {
		l.bad = true
	}
	if isIdentStart(next) {
		l.namedParam(start, start+1)
		return
	}
	l.op()
}

// namedParam lexes :name, @name or $name whose name starts at nameStart.
func (l *lexer) namedParam(start, nameStart int) {
	s := l.s
	i := nameStart
	for i < len(s) && (isIdentStart(s[i]) || isDigit(s[i])) {
		i++
	}
	l.i = i
	t := token{pos: int32(start), end: int32(i), kind: tParam, flags: fNamed}
	// SQLite numbers a name (sigil included) at its first appearance.
	key := s[nameStart:i]
	if l.d == SQLite {
		key = s[start:i]
	}
	if ord, ok := l.lookupNamed(key); ok {
		t.ord = ord
	} else {
		if l.d == SQLite {
			l.maxOrd++
			t.ord = l.maxOrd
		}
		l.addNamed(key, t.ord)
	}
	l.emit(t)
}

func (l *lexer) lookupNamed(name string) (int32, bool) {
	if l.namedMap != nil {
		ord, ok := l.namedMap[name]
		return ord, ok
	}
	for _, np := range l.named {
		if np.name == name {
			return np.ord, true
		}
	}
	return 0, false
}

func (l *lexer) addNamed(name string, ord int32) {
	l.named = append(l.named, namedParam{name, ord})
	if l.namedMap == nil && len(l.named) > 16 {
		l.namedMap = make(map[string]int32, 2*len(l.named))
		for _, np := range l.named {
			l.namedMap[np.name] = np.ord
		}
	} else if l.namedMap != nil {
		l.namedMap[name] = ord
	}
}

// op lexes an operator.
func (l *lexer) op() {
	s := l.s
	start := l.i
	if l.d == Postgres {
		i := start
		for i < len(s) && pgOpChar(s[i]) {
			if i > start && (s[i] == '?' && s[i-1] != '?' && !(s[start] == '?')) {
				break
			}
			if s[i] == '-' && i+1 < len(s) && s[i+1] == '-' && i > start {
				break
			}
			if s[i] == '/' && i+1 < len(s) && s[i+1] == '*' && i > start {
				break
			}
			if s[i] == '@' && i > start && i+1 < len(s) && isIdentStart(s[i+1]) {
				break
			}
			i++
		}
		if i == start {
			i++ // a character that is no operator: let the parser refuse it
			if s[start] == '\\' || s[start] < ' ' || s[start] == '`' {
				l.bad = true
			}
		}
		if i-start > 63 {
			// Longer than an operator name may be (NAMEDATALEN-1).
			l.bad = true
		} else if i-start > 1 && (s[i-1] == '+' || s[i-1] == '-') {
			// A multi-character operator cannot end in + or - unless it
			// holds one of ~ ! @ # % ^ & | ` ?.
			special := false
			for k := start; k < i; k++ {
				switch s[k] {
				case '~', '!', '@', '#', '%', '^', '&', '|', '`', '?':
					special = true
				}
			}
			for !special && i-start > 1 && (s[i-1] == '+' || s[i-1] == '-') {
				i--
			}
		}
		l.i = i
		l.emit(token{pos: int32(start), end: int32(i), kind: tOp})
		return
	}
	n := 1
	if start+1 < len(s) {
		// The operators of two and three characters: <=> ->> << >> <= >=
		// <> != == || && -> :=
		c1 := s[start+1]
		switch s[start] {
		case '<':
			if c1 == '=' && start+2 < len(s) && s[start+2] == '>' {
				n = 3
			} else if c1 == '<' || c1 == '=' || c1 == '>' {
				n = 2
			}
		case '-':
			if c1 == '>' {
				n = 2
				if start+2 < len(s) && s[start+2] == '>' {
					n = 3
				}
			}
		case '>':
			if c1 == '>' || c1 == '=' {
				n = 2
			}
		case '!', '=', ':':
			if c1 == '=' {
				n = 2
			}
		case '|', '&':
			if c1 == s[start] {
				n = 2
			}
		}
	}
	c := s[start]
	if c < ' ' || c == '\\' || c == '$' || c == '`' {
		l.bad = true
	}
	l.i = start + n
	l.emit(token{pos: int32(start), end: int32(l.i), kind: tOp})
}
