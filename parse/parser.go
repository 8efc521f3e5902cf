package parse

import (
	"strings"
	"unicode/utf8"
)

// maxDepth bounds the nesting of parentheses and subqueries the parser
// follows; deeper text is Unknown.
const maxDepth = 128

// ref is one entry of a FROM list collected for an UPDATE, DELETE or
// top-level SELECT: a table (or derived table, function, CTE reference) and
// the name it is known by.
type ref struct {
	alias string // alias, or the table's own name when it has none
	table Table
	kind  uint8 // refTable, refCTE, refOther
}

const (
	refTable uint8 = iota
	refCTE
	refOther
)

// parser classifies one statement text over the lexer's tokens.
type parser struct {
	d    Dialect
	s    string
	toks []token
	i    int

	depth   int
	unknown bool
	multi   bool
	utf8    uint8 // whether s is valid UTF-8: 0 not known yet, 1 yes, 2 no

	op        Op
	object    string
	savepoint string

	reads, writes []Table
	ctes          []string
	selfRef       string // name of a non-recursive CTE being defined (MySQL, SQLite)
	readRefs      bool   // collected FROM items are also recorded as reads
	refs          []ref  // FROM items collected by fromList(true)
	hasSelfRef    bool

	// Scratch the event data is built in. The event data below are views
	// of it, which run copies into the result; views are never
	// overwritten while the statement text is parsed.
	valBuf  []Value
	rowBuf  [][]Value
	asgBuf  []Assignment
	condBuf []Condition
	strBuf  []string

	locking, selectInto, nd, opaque, temp, catalog, seq, returning bool

	sum []byte

	// event data of the top-level statement: views of the scratch above
	// (or nil)
	columns  []string
	rows     [][]Value
	set      []Assignment
	conflict []string
	where    []Condition
}

func (p *parser) reset(d Dialect, s string, toks []token) {
	// Field by field rather than *p = parser{...}: reslicing a scratch
	// buffer in place stores no pointer, so a pooled parser is reset
	// without a bulk write barrier. TestParserReset checks that every
	// field is covered.
	p.d = d
	p.s = s
	p.toks = toks
	p.i = 0
	p.depth = 0
	p.unknown, p.multi = false, false
	p.utf8 = 0
	p.op = OpUnknown
	p.object, p.savepoint = "", ""
	p.reads = p.reads[:0]
	p.writes = p.writes[:0]
	p.ctes = p.ctes[:0]
	p.selfRef = ""
	p.readRefs = false
	p.refs = p.refs[:0]
	p.hasSelfRef = false
	p.valBuf = p.valBuf[:0]
	p.rowBuf = p.rowBuf[:0]
	p.asgBuf = p.asgBuf[:0]
	p.condBuf = p.condBuf[:0]
	p.strBuf = p.strBuf[:0]
	p.locking, p.selectInto, p.nd, p.opaque = false, false, false, false
	p.temp, p.catalog, p.seq, p.returning = false, false, false, false
	p.sum = p.sum[:0]
	p.columns = nil
	p.rows = nil
	p.set = nil
	p.conflict = nil
	p.where = nil
}

// ---- token access ---------------------------------------------------------

func (p *parser) cur() *token { return &p.toks[p.i] }

func (p *parser) at(k int) *token {
	j := p.i + k
	if j >= len(p.toks) {
		j = len(p.toks) - 1
	}
	if j < 0 {
		j = 0
	}
	return &p.toks[j]
}

func (p *parser) next() {
	if p.i < len(p.toks)-1 {
		p.i++
	}
}

func (p *parser) fail() { p.unknown = true }

func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		p.unknown = true
		return false
	}
	return !p.unknown
}

func (p *parser) leave() { p.depth-- }

func (p *parser) text(t *token) string { return p.s[t.pos:t.end] }

func (p *parser) kwAt(k int) kw {
	t := p.at(k)
	if t.kind == tIdent {
		return t.kw
	}
	return kwNone
}

func (p *parser) isKw(k kw) bool {
	t := p.cur()
	return t.kind == tIdent && t.kw == k
}

func (p *parser) acceptKw(k kw) bool {
	if p.isKw(k) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expectKw(k kw) {
	if !p.acceptKw(k) {
		p.fail()
	}
}

// isOpTok reports whether t is the one-character operator c.
func isOpTok(t *token, c byte) bool { return t.kind == tOp && t.kw == kw(c) }

func (p *parser) isOp(c byte) bool { return isOpTok(p.cur(), c) }

func (p *parser) isOpAt(k int, c byte) bool { return isOpTok(p.at(k), c) }

func (p *parser) acceptOp(c byte) bool {
	if p.isOp(c) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expectOp(c byte) {
	if !p.acceptOp(c) {
		p.fail()
	}
}

// word reports whether the current token is the unquoted word w (upper case).
func (p *parser) word(w string) bool { return p.wordAt(0, w) }

func (p *parser) wordAt(k int, w string) bool {
	t := p.at(k)
	return t.kind == tIdent && eqFold(p.s[t.pos:t.end], w)
}

func (p *parser) acceptWord(w string) bool {
	if p.word(w) {
		p.next()
		return true
	}
	return false
}

// atEnd reports whether the statement has ended (end of text or ';').
func (p *parser) atEnd() bool {
	t := p.cur()
	return t.kind == tEOF || isOpTok(t, ';')
}

// eqFold compares an ASCII word with an upper-case keyword.
func eqFold(s, upper string) bool {
	if len(s) != len(upper) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != upper[i] {
			return false
		}
	}
	return true
}

// skipBalanced skips a parenthesized group starting at '(' without looking
// inside it.
func (p *parser) skipBalanced() {
	if !p.isOp('(') {
		return
	}
	depth := 0
	for {
		t := p.cur()
		if t.kind == tEOF {
			p.fail()
			return
		}
		if isOpTok(t, '(') {
			depth++
		} else if isOpTok(t, ')') {
			depth--
			if depth == 0 {
				p.next()
				return
			}
		}
		p.next()
	}
}

// skipToEnd skips the rest of the statement, refusing subqueries it would
// otherwise miss.
func (p *parser) skipToEnd() {
	for !p.atEnd() {
		p.next()
	}
}

// ---- names ------------------------------------------------------------------

func isNameTok(t *token) bool { return t.kind == tIdent || t.kind == tQIdent }

// ident returns the normalized table-name form of an identifier token.
func (p *parser) ident(t *token) string {
	switch t.kind {
	case tIdent:
		s := p.s[t.pos:t.end]
		if t.flags&fNonASCII != 0 {
			if !p.validText() && !utf8.ValidString(s) {
				p.fail() // the servers reject text that is not UTF-8
			}
			if p.d == MySQL || p.d == Generic {
				return strings.ToLower(s)
			}
		}
		if t.flags&fUpper != 0 {
			s = lowerASCII(s)
		}
		if p.d == Postgres {
			s = truncName(s)
		}
		return s
	case tQIdent:
		s := p.unquote(t)
		if t.flags&fNonASCII != 0 && !p.validText() && !utf8.ValidString(s) {
			p.fail()
		}
		switch p.d {
		case Postgres:
			return truncName(s)
		case SQLite:
			return lowerASCII(s)
		default:
			return strings.ToLower(s)
		}
	}
	return ""
}

// validText reports whether the whole text is valid UTF-8, which makes
// every name in it valid: names start and end next to ASCII bytes or the
// ends of the text. The answer is computed once.
func (p *parser) validText() bool {
	if p.utf8 == 0 {
		p.utf8 = 2
		if utf8.ValidString(p.s) {
			p.utf8 = 1
		}
	}
	return p.utf8 == 1
}

// column returns the normalized column-name form of an identifier token:
// Postgres folds like table names; the other dialects keep the case written.
func (p *parser) column(t *token) string {
	if p.d == Postgres {
		return p.ident(t)
	}
	if t.kind == tQIdent {
		return p.unquote(t)
	}
	return p.s[t.pos:t.end]
}

func (p *parser) unquote(t *token) string {
	start := int(t.pos) + int(t.qoff) + 1
	end := int(t.end) - 1
	if end < start {
		return ""
	}
	s := p.s[start:end]
	if t.flags&fEscaped != 0 {
		q := p.s[t.pos+int32(t.qoff)]
		if q == '[' {
			return s
		}
		var b strings.Builder
		b.Grow(len(s))
		for i := 0; i < len(s); i++ {
			b.WriteByte(s[i])
			if s[i] == q && i+1 < len(s) && s[i+1] == q {
				i++
			}
		}
		return b.String()
	}
	return s
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// truncName truncates a Postgres identifier to NAMEDATALEN-1 bytes, on a
// UTF-8 boundary, as the server does.
func truncName(s string) string {
	if len(s) <= 63 {
		return s
	}
	n := 63
	for k := 0; k < 3 && n > 1 && s[n]&0xC0 == 0x80; k++ {
		n--
	}
	return s[:n]
}

// qualifiedName parses name[.name[.name]] and returns it as a Table.
func (p *parser) qualifiedName() (Table, bool) {
	t := p.cur()
	if t.kind == tDQStr {
		// MySQL "x": an identifier only under ANSI_QUOTES.
		p.fail()
		return Table{}, false
	}
	if !isNameTok(t) {
		return Table{}, false
	}
	var parts [3]*token
	n := 0
	parts[n] = t
	n++
	p.next()
	for p.isOp('.') && isNameTok(p.at(1)) {
		if n == 3 {
			p.fail()
			return Table{}, false
		}
		p.next()
		parts[n] = p.cur()
		n++
		p.next()
	}
	if p.isOp('.') && p.at(1).kind == tDQStr {
		p.fail()
		return Table{}, false
	}
	switch n {
	case 1:
		return Table{Name: p.ident(parts[0])}, true
	case 2:
		return Table{Schema: p.ident(parts[0]), Name: p.ident(parts[1])}, true
	default:
		if p.d != Postgres {
			p.fail()
		}
		return Table{Schema: p.ident(parts[1]), Name: p.ident(parts[2])}, true
	}
}

// tableName parses a name that must be a table (not a reserved word).
func (p *parser) tableName() (Table, bool) {
	t := p.cur()
	if t.kind == tIdent && t.kw != kwNone && (notAlias.has(t.kw) || t.kw == kwFROM) {
		p.fail()
		return Table{}, false
	}
	tb, ok := p.qualifiedName()
	if !ok {
		p.fail()
	}
	return tb, ok
}

// ---- recording ----------------------------------------------------------------

func (p *parser) isCTE(t Table) bool {
	if t.Schema != "" {
		return false
	}
	if p.hasSelfRef && t.Name == p.selfRef {
		p.fail() // meaning of a non-recursive self-reference differs by dialect
	}
	for k := len(p.ctes) - 1; k >= 0; k-- {
		if p.ctes[k] == t.Name {
			return true
		}
	}
	return false
}

func (p *parser) flagTable(t Table) {
	switch p.d {
	case Postgres, Generic:
		if t.Schema == "pg_catalog" || t.Schema == "information_schema" ||
			t.Schema == "" && strings.HasPrefix(t.Name, "pg_") {
			p.catalog = true
		}
		if t.Schema == "pg_temp" || strings.HasPrefix(t.Schema, "pg_temp_") {
			p.temp = true
		}
		if p.d == Generic && (t.Schema == "temp" || t.Schema == "mysql" || t.Schema == "sys" ||
			t.Schema == "performance_schema" || strings.HasPrefix(t.Name, "sqlite_")) {
			p.catalog = true
		}
	case MySQL:
		switch t.Schema {
		case "information_schema", "mysql", "performance_schema", "sys":
			p.catalog = true
		}
	case SQLite:
		if t.Schema == "temp" {
			p.temp = true
		}
		if strings.HasPrefix(t.Name, "sqlite_") || strings.HasPrefix(t.Name, "pragma_") {
			p.catalog = true
		}
	}
}

// addRead records a table read; CTE references are dropped.
func (p *parser) addRead(t Table) {
	if p.isCTE(t) {
		return
	}
	p.flagTable(t)
	p.reads = append(p.reads, t)
	p.sumTable(t)
}

// addWrite records a table written.
func (p *parser) addWrite(t Table) {
	p.flagTable(t)
	p.writes = append(p.writes, t)
	p.sumTable(t)
}

func (p *parser) sumWord(w string) {
	if len(p.sum) > 255 {
		return
	}
	if len(p.sum) > 0 {
		p.sum = append(p.sum, ' ')
	}
	p.sum = append(p.sum, w...)
}

func (p *parser) sumTable(t Table) {
	if len(p.sum) > 255 {
		return
	}
	if len(p.sum) > 0 {
		p.sum = append(p.sum, ' ')
	}
	if t.Schema != "" {
		p.sum = append(p.sum, t.Schema...)
		p.sum = append(p.sum, '.')
	}
	p.sum = append(p.sum, t.Name...)
}

// ---- statements ---------------------------------------------------------------

// statement classifies one statement, up to ';' or the end of the text.
func (p *parser) statement(top bool) {
	t := p.cur()
	if isOpTok(t, '(') {
		p.setOp(OpSelect, top)
		p.query(top)
		return
	}
	if t.kind != tIdent {
		p.fail()
		return
	}
	switch t.kw {
	case kwSELECT, kwTABLE:
		p.setOp(OpSelect, top)
		p.query(top)
	case kwVALUES:
		p.setOp(OpSelect, top)
		p.query(top)
	case kwWITH:
		p.withStatement(top)
	case kwINSERT:
		p.insert(top, false)
	case kwREPLACE:
		if p.d == Postgres {
			p.fail()
			return
		}
		p.insert(top, true)
	case kwUPDATE:
		p.update(top)
	case kwDELETE:
		p.delete(top)
	case kwMERGE:
		p.merge(top)
	case kwTRUNCATE:
		p.truncate(top)
	case kwCREATE:
		p.create(top)
	case kwALTER:
		p.alter(top)
	case kwDROP:
		p.drop(top)
	case kwRENAME:
		p.renameTable(top)
	case kwCOPY:
		p.copyStmt(top)
	case kwLOAD:
		p.load(top)
	case kwBEGIN, kwSTART:
		p.setOp(OpBegin, top)
		p.sumWord("BEGIN")
		p.next()
		p.skipWords()
	case kwCOMMIT, kwEND:
		p.setOp(OpCommit, top)
		p.sumWord("COMMIT")
		p.next()
		p.skipWords()
	case kwROLLBACK, kwABORT:
		p.setOp(OpRollback, top)
		p.sumWord("ROLLBACK")
		p.next()
		p.acceptKw(kwWORK)
		p.acceptKw(kwTRANSACTION)
		if p.acceptKw(kwTO) {
			p.acceptKw(kwSAVEPOINT)
			p.savepointName(top)
		}
		p.skipWords()
	case kwSAVEPOINT:
		p.setOp(OpSavepoint, top)
		p.sumWord("SAVEPOINT")
		p.next()
		p.savepointName(top)
	case kwRELEASE:
		p.setOp(OpRelease, top)
		p.sumWord("RELEASE")
		p.next()
		p.acceptKw(kwSAVEPOINT)
		p.savepointName(top)
	case kwSET:
		p.setOp(OpSet, top)
		p.sumWord("SET")
		p.next()
		p.scanExpr(&noStops, false)
	case kwSHOW, kwDESCRIBE, kwDESC:
		p.setOp(OpShow, top)
		p.sumWord(kwNames[t.kw])
		p.catalog = true
		p.skipToEnd()
	case kwEXPLAIN:
		p.explain(top)
	case kwCALL, kwEXECUTE, kwEXEC:
		p.setOp(OpCall, top)
		p.sumWord(kwNames[t.kw])
		p.opaque = true
		p.nd = true
		p.next()
		if isNameTok(p.cur()) && len(p.sum) < 200 {
			p.sumWord(p.text(p.cur()))
		}
		p.skipToEnd()
	case kwDO:
		if p.d == MySQL {
			p.setOp(OpOther, top)
			p.sumWord("DO")
			p.next()
			p.scanExpr(&noStops, false)
			return
		}
		p.setOp(OpCall, top)
		p.sumWord("DO")
		p.opaque = true
		p.nd = true
		p.skipToEnd()
	case kwPREPARE, kwDEALLOCATE, kwUSE, kwPRAGMA, kwLOCK, kwUNLOCK:
		p.setOp(OpOther, top)
		p.sumWord(kwNames[t.kw])
		if t.kw == kwPRAGMA {
			p.catalog = true
		}
		p.skipToEnd()
	default:
		w := p.text(t)
		for _, o := range otherWords {
			if eqFold(w, o) {
				p.setOp(OpOther, top)
				p.sumWord(o)
				if o == "REFRESH" {
					p.refresh()
					return
				}
				p.skipToEnd()
				return
			}
		}
		p.fail()
	}
}

var otherWords = [...]string{"VACUUM", "ANALYZE", "ANALYSE", "REINDEX", "CLUSTER", "CHECKPOINT",
	"LISTEN", "NOTIFY", "UNLISTEN", "DISCARD", "RESET", "GRANT", "REVOKE", "COMMENT", "SECURITY",
	"ATTACH", "DETACH", "FLUSH", "OPTIMIZE", "REPAIR", "CHECK", "CHECKSUM", "KILL", "XA", "INSTALL",
	"UNINSTALL", "REFRESH", "FETCH", "MOVE", "CLOSE", "DECLARE", "HANDLER", "CACHE", "PURGE", "RESET",
	"SHUTDOWN", "HELP", "BINLOG", "IMPORT", "REASSIGN"}

func (p *parser) setOp(op Op, top bool) {
	if top && p.op == OpUnknown {
		p.op = op
	}
}

// skipWords skips plain words (BEGIN WORK, COMMIT AND NO CHAIN ...).
func (p *parser) skipWords() {
	for !p.atEnd() {
		t := p.cur()
		if t.kind != tIdent && !(t.kind == tOp && (p.s[t.pos] == ',' || p.s[t.pos] == '=')) &&
			t.kind != tString && t.kind != tNumber {
			p.fail()
			return
		}
		p.next()
	}
}

func (p *parser) savepointName(top bool) {
	t := p.cur()
	if !isNameTok(t) {
		p.fail()
		return
	}
	if top {
		p.savepoint = p.column(t)
	}
	p.next()
}

func (p *parser) refresh() {
	// REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]
	p.next()
	if !p.acceptKw(kwMATERIALIZED) || !p.acceptWord("VIEW") {
		p.fail()
		return
	}
	p.acceptWord("CONCURRENTLY")
	if t, ok := p.tableName(); ok {
		p.addWrite(t)
	}
	p.skipToEnd()
}

func (p *parser) explain(top bool) {
	p.setOp(OpExplain, top)
	p.sumWord("EXPLAIN")
	p.next()
	analyze := false
	if p.isOp('(') {
		// EXPLAIN (option [value], ...): ANALYZE runs the statement unless
		// its value is false, off or 0.
		start := p.i
		p.skipBalanced()
		for k := start + 1; k < p.i-1; k++ {
			t := &p.toks[k]
			if t.kind != tIdent || !(eqFold(p.text(t), "ANALYZE") || eqFold(p.text(t), "ANALYSE")) {
				continue
			}
			v := &p.toks[k+1]
			switch {
			case isOpTok(v, ',') || isOpTok(v, ')'):
				analyze = true
			case v.kind == tIdent && (v.kw == kwTRUE || eqFold(p.text(v), "ON")) ||
				v.kind == tNumber && p.text(v) == "1":
				analyze = true
			case v.kind == tIdent && (v.kw == kwFALSE || eqFold(p.text(v), "OFF")) ||
				v.kind == tNumber && p.text(v) == "0":
			default:
				p.fail()
			}
		}
	}
	for !p.atEnd() {
		t := p.cur()
		if t.kind != tIdent {
			break
		}
		switch t.kw {
		case kwSELECT, kwWITH, kwINSERT, kwUPDATE, kwDELETE, kwREPLACE, kwMERGE, kwVALUES, kwTABLE:
			nw := len(p.writes)
			p.statement(false)
			if !analyze {
				p.writes = p.writes[:nw]
			}
			return
		}
		w := p.text(t)
		if eqFold(w, "ANALYZE") || eqFold(w, "ANALYSE") {
			analyze = true
		}
		if eqFold(w, "FOR") || eqFold(w, "CREATE") || eqFold(w, "DECLARE") || eqFold(w, "EXECUTE") {
			p.fail()
			return
		}
		p.next()
		if p.acceptOp('=') {
			p.next()
		}
	}
	// EXPLAIN tbl (MySQL): DESCRIBE.
	p.catalog = true
	p.skipToEnd()
}

// ---- queries ------------------------------------------------------------------

// withStatement parses WITH ... followed by SELECT or a data-modifying
// statement.
func (p *parser) withStatement(top bool) {
	pushed := p.with()
	if p.unknown {
		return
	}
	switch p.kwAt(0) {
	case kwINSERT:
		if p.d == MySQL {
			p.fail()
			return
		}
		p.insert(top, false)
	case kwREPLACE:
		if p.d != SQLite {
			p.fail()
			return
		}
		p.insert(top, true)
	case kwUPDATE:
		p.update(top)
	case kwDELETE:
		p.delete(top)
	case kwMERGE:
		if p.d != Postgres {
			p.fail()
			return
		}
		p.merge(top)
	default:
		p.setOp(OpSelect, top)
		p.queryBody(top)
		p.queryTail()
	}
	p.ctes = p.ctes[:len(p.ctes)-pushed]
}

// with parses a WITH clause and returns how many CTE names it pushed.
func (p *parser) with() int {
	p.next() // WITH
	rec := p.acceptKw(kwRECURSIVE)
	base := len(p.ctes)
	if rec {
		// Every name of a recursive WITH list is visible in every member.
		save := p.i
		for !p.unknown {
			t := p.cur()
			if !isNameTok(t) {
				p.fail()
				break
			}
			p.ctes = append(p.ctes, p.ident(t))
			p.next()
			if p.isOp('(') {
				p.skipBalanced()
			}
			if !p.acceptKw(kwAS) {
				p.fail()
				break
			}
			p.acceptKw(kwNOT)
			p.acceptKw(kwMATERIALIZED)
			p.skipBalanced()
			p.skipCTEOptions()
			if !p.acceptOp(',') {
				break
			}
		}
		p.i = save
	}
	for !p.unknown {
		t := p.cur()
		if !isNameTok(t) {
			p.fail()
			break
		}
		name := p.ident(t)
		p.next()
		if p.isOp('(') {
			p.skipBalanced()
		}
		p.expectKw(kwAS)
		p.acceptKw(kwNOT)
		p.acceptKw(kwMATERIALIZED)
		if !p.acceptOp('(') {
			p.fail()
			break
		}
		saveSelf, saveHas := p.selfRef, p.hasSelfRef
		if !rec && p.d != Postgres {
			p.selfRef, p.hasSelfRef = name, true
		} else {
			p.hasSelfRef = false
		}
		p.cteBody()
		p.selfRef, p.hasSelfRef = saveSelf, saveHas
		p.expectOp(')')
		if !rec {
			p.ctes = append(p.ctes, name)
		}
		p.skipCTEOptions()
		if !p.acceptOp(',') {
			break
		}
	}
	return len(p.ctes) - base
}

// skipCTEOptions skips Postgres SEARCH ... SET x and CYCLE ... clauses.
func (p *parser) skipCTEOptions() {
	for p.word("SEARCH") || p.word("CYCLE") {
		p.next()
		for !p.atEnd() && !p.isOp(',') && !p.isOp('(') {
			switch p.kwAt(0) {
			case kwSELECT, kwINSERT, kwUPDATE, kwDELETE, kwMERGE, kwVALUES, kwTABLE:
				return
			}
			p.next()
		}
	}
}

func (p *parser) cteBody() {
	switch p.kwAt(0) {
	case kwINSERT, kwUPDATE, kwDELETE, kwMERGE:
		if p.d != Postgres {
			p.fail()
			return
		}
		p.statement(false)
	default:
		p.query(false)
	}
}

// query parses [WITH ...] body [ORDER BY ...] [LIMIT ...] [locking].
func (p *parser) query(top bool) {
	if !p.enter() {
		p.leave()
		return
	}
	defer p.leave()
	pushed := 0
	if p.isKw(kwWITH) {
		pushed = p.with()
	}
	p.queryBody(top)
	p.queryTail()
	p.ctes = p.ctes[:len(p.ctes)-pushed]
}

func (p *parser) queryBody(top bool) {
	p.queryTerm(top)
	for !p.unknown {
		switch p.kwAt(0) {
		case kwUNION, kwINTERSECT, kwEXCEPT:
			p.next()
			if !p.acceptKw(kwALL) {
				p.acceptKw(kwDISTINCT)
			}
			p.where = nil
			p.queryTerm(false)
		case kwMINUS:
			p.fail()
			return
		default:
			return
		}
	}
}

func (p *parser) queryTerm(top bool) {
	t := p.cur()
	if isOpTok(t, '(') {
		p.next()
		p.query(false)
		p.expectOp(')')
		return
	}
	switch p.kwAt(0) {
	case kwSELECT:
		p.selectCore(top)
	case kwVALUES:
		p.next()
		p.valuesRows(false)
	case kwTABLE:
		p.next()
		p.sumWord("SELECT")
		if tb, ok := p.tableName(); ok {
			p.addRead(tb)
		}
	default:
		p.fail()
	}
}

// queryTail parses ORDER BY, LIMIT, OFFSET, FETCH, locking clauses and a
// trailing MySQL INTO.
func (p *parser) queryTail() {
	for !p.unknown {
		switch p.kwAt(0) {
		case kwORDER:
			p.next()
			p.expectKw(kwBY)
			p.expr(&clauseStops, false)
		case kwLIMIT, kwOFFSET, kwFETCH:
			p.next()
			p.expr(&clauseStops, false)
		case kwFOR:
			p.lockingClause()
		case kwLOCK:
			// LOCK IN SHARE MODE
			p.next()
			if !p.acceptKw(kwIN) || !p.acceptKw(kwSHARE) || !p.acceptKw(kwMODE) {
				p.fail()
			}
			p.locking = true
		case kwINTO:
			if p.d != MySQL {
				p.fail()
				return
			}
			p.into()
		default:
			return
		}
	}
}

func (p *parser) lockingClause() {
	p.next() // FOR
	if p.d == SQLite {
		p.fail()
		return
	}
	switch {
	case p.acceptKw(kwUPDATE), p.acceptKw(kwSHARE):
	case p.acceptKw(kwNO):
		if !p.acceptKw(kwKEY) || !p.acceptKw(kwUPDATE) {
			p.fail()
		}
	case p.acceptKw(kwKEY):
		if !p.acceptKw(kwSHARE) {
			p.fail()
		}
	default:
		p.fail()
		return
	}
	p.locking = true
	if p.acceptKw(kwOF) {
		for !p.unknown {
			if _, ok := p.qualifiedName(); !ok {
				p.fail()
				return
			}
			if !p.acceptOp(',') {
				break
			}
		}
	}
	if !p.acceptKw(kwNOWAIT) && p.acceptKw(kwSKIP) {
		p.expectKw(kwLOCKED)
	}
}

// into parses SELECT ... INTO.
func (p *parser) into() {
	p.next() // INTO
	if p.d == SQLite {
		p.fail()
		return
	}
	p.selectInto = true
	if p.d == MySQL {
		// INTO @var, ... | INTO OUTFILE 'f' ... | INTO DUMPFILE 'f'
		for !p.atEnd() && !p.isOp(')') && !(p.cur().kind == tIdent && clauseStops.has(p.cur().kw)) {
			p.next()
		}
		return
	}
	for {
		switch {
		case p.acceptKw(kwTEMP), p.acceptKw(kwTEMPORARY):
			p.temp = true
			continue
		case p.acceptWord("UNLOGGED"), p.acceptKw(kwGLOBAL), p.acceptKw(kwLOCAL):
			continue
		}
		break
	}
	p.acceptKw(kwTABLE)
	if t, ok := p.tableName(); ok {
		p.addWrite(t)
	}
}

// selectCore parses SELECT ... [FROM ...] [WHERE ...] [GROUP BY ...]
// [HAVING ...] [WINDOW ...].
func (p *parser) selectCore(top bool) {
	p.next() // SELECT
	p.sumWord("SELECT")
	for !p.unknown {
		t := p.cur()
		if t.kind != tIdent {
			break
		}
		switch t.kw {
		case kwALL, kwDISTINCTROW, kwHIGH_PRIORITY, kwSTRAIGHT_JOIN:
			p.next()
			continue
		case kwDISTINCT:
			p.next()
			if p.isKw(kwON) && p.isOpAt(1, '(') {
				p.next()
				p.paren()
			}
			continue
		case kwSQL_CALC_FOUND_ROWS:
			p.nd = true
			p.next()
			continue
		}
		if p.d == MySQL && len(p.text(t)) > 4 && eqFold(p.text(t)[:4], "SQL_") {
			p.next()
			continue
		}
		break
	}
	p.scanExpr(&clauseStops, false)
	if p.isKw(kwINTO) {
		p.into()
	}
	var refs []ref
	if p.acceptKw(kwFROM) {
		if top {
			p.readRefs = true
			p.refs = p.refs[:0]
			p.fromList(true)
			p.readRefs = false
			refs = p.refs
		} else {
			p.fromList(false)
		}
	}
	if p.acceptKw(kwWHERE) {
		start := p.i
		p.expr(&clauseStops, false)
		if top && len(refs) == 1 && refs[0].kind == refTable {
			p.where = p.conds(start, p.i, refs[0].alias)
		}
	}
	if p.acceptKw(kwGROUP) {
		p.expectKw(kwBY)
		p.expr(&clauseStops, false)
	}
	if p.acceptKw(kwHAVING) {
		p.expr(&clauseStops, false)
	}
	if p.acceptKw(kwWINDOW) {
		p.expr(&clauseStops, false)
	}
}

// valuesRows parses (expr, ...), (expr, ...) after VALUES; when record is
// set the rows are kept as event data.
func (p *parser) valuesRows(record bool) {
	mark, rmark := len(p.valBuf), len(p.rowBuf)
	for !p.unknown {
		if p.d == MySQL {
			p.acceptKw(kwROW)
		}
		if !p.acceptOp('(') {
			p.fail()
			break
		}
		n := len(p.valBuf)
		if !p.isOp(')') {
			for !p.unknown {
				v := p.value(record)
				if record {
					p.valBuf = append(p.valBuf, v)
				}
				if !p.acceptOp(',') {
					break
				}
			}
		}
		p.expectOp(')')
		if record {
			// A view of the row; the values already stored never move
			// within the array the view holds. A row may be empty, never
			// nil.
			row := p.valBuf[n:len(p.valBuf):len(p.valBuf)]
			if row == nil {
				row = []Value{}
			}
			p.rowBuf = append(p.rowBuf, row)
		}
		if !p.acceptOp(',') {
			break
		}
	}
	if record && !p.unknown {
		p.rows = p.rowBuf[rmark:len(p.rowBuf):len(p.rowBuf)]
		return
	}
	clear(p.valBuf[mark:])
	p.valBuf = p.valBuf[:mark]
	clear(p.rowBuf[rmark:])
	p.rowBuf = p.rowBuf[:rmark]
}

// ---- FROM ---------------------------------------------------------------------

// fromList parses from_item [join ...] [, from_item ...]. With collect the
// top-level items go to p.refs instead of being recorded.
func (p *parser) fromList(collect bool) {
	if !p.enter() {
		p.leave()
		return
	}
	defer p.leave()
	for !p.unknown {
		p.fromItem(collect)
		p.joins(collect)
		if !p.acceptOp(',') {
			return
		}
	}
}

func (p *parser) joins(collect bool) {
	for !p.unknown {
		natural := p.acceptKw(kwNATURAL)
		switch p.kwAt(0) {
		case kwJOIN, kwSTRAIGHT_JOIN:
			p.next()
		case kwINNER, kwCROSS:
			p.next()
			p.expectKw(kwJOIN)
		case kwLEFT, kwRIGHT, kwFULL:
			if p.isOpAt(1, '(') {
				p.fail()
				return
			}
			p.next()
			p.acceptKw(kwOUTER)
			p.expectKw(kwJOIN)
		default:
			if natural {
				p.fail()
			}
			return
		}
		p.fromItem(collect)
		if p.acceptKw(kwON) {
			p.expr(&joinStops, true)
		} else if p.acceptKw(kwUSING) {
			if !p.isOp('(') {
				p.fail()
				return
			}
			p.skipBalanced()
		}
	}
}

func (p *parser) fromItem(collect bool) {
	if !p.enter() {
		p.leave()
		return
	}
	defer p.leave()
	p.acceptKw(kwLATERAL)
	if p.isOp('(') {
		if p.queryAhead() {
			p.next()
			p.query(false)
			p.expectOp(')')
			alias := p.alias()
			if collect {
				p.refs = append(p.refs, ref{alias: alias, kind: refOther})
			}
			return
		}
		// Parenthesized join.
		p.next()
		p.fromList(collect)
		p.expectOp(')')
		p.alias()
		return
	}
	only := p.acceptKw(kwONLY)
	if only && p.isOp('(') {
		p.next()
		t, ok := p.tableName()
		p.expectOp(')')
		if ok {
			p.recordRef(collect, t, p.alias())
		}
		return
	}
	if p.isKw(kwROWS) && p.kwAt(1) == kwFROM {
		p.next()
		p.next()
		p.paren()
		p.tableFuncTail(collect)
		return
	}
	start := p.i
	t, ok := p.tableName()
	if !ok {
		return
	}
	if p.isOp('(') {
		// Table function.
		p.i = start
		p.nameOrCall()
		if p.isOp('(') {
			p.paren()
		} else {
			p.fail()
		}
		p.tableFuncTail(collect)
		return
	}
	if t.Schema == "" && t.Name == "dual" && p.d == MySQL {
		return
	}
	p.acceptOp('*')
	p.tableSuffix()
	alias := p.alias()
	p.tableSuffix()
	p.recordRef(collect, t, alias)
}

func (p *parser) tableFuncTail(collect bool) {
	if p.acceptKw(kwWITH) {
		p.expectKw(kwORDINALITY)
	}
	alias := p.alias()
	if collect {
		p.refs = append(p.refs, ref{alias: alias, kind: refOther})
	}
}

func (p *parser) recordRef(collect bool, t Table, alias string) {
	if !collect || p.readRefs {
		p.addRead(t)
		if !collect {
			return
		}
	}
	if alias == "" {
		alias = t.Name
	}
	kind := refTable
	if p.isCTE(t) {
		kind = refCTE
	}
	p.refs = append(p.refs, ref{alias: alias, table: t, kind: kind})
}

// tableSuffix skips PARTITION (...), index hints, INDEXED BY, TABLESAMPLE.
func (p *parser) tableSuffix() {
	for !p.unknown {
		switch {
		case p.isKw(kwPARTITION) && p.d == MySQL:
			p.next()
			if !p.isOp('(') {
				p.fail()
				return
			}
			p.skipBalanced()
		case (p.isKw(kwUSE) || p.isKw(kwIGNORE) || p.isKw(kwFORCE)) && p.d == MySQL:
			p.next()
			if !p.acceptKw(kwINDEX) && !p.acceptKw(kwKEY) {
				p.fail()
				return
			}
			if p.acceptKw(kwFOR) {
				switch {
				case p.acceptKw(kwJOIN):
				case p.acceptKw(kwORDER), p.acceptKw(kwGROUP):
					p.expectKw(kwBY)
				default:
					p.fail()
					return
				}
			}
			if !p.isOp('(') {
				p.fail()
				return
			}
			p.skipBalanced()
		case p.isKw(kwINDEXED) && p.d == SQLite:
			p.next()
			p.expectKw(kwBY)
			if !isNameTok(p.cur()) {
				p.fail()
				return
			}
			p.next()
		case p.isKw(kwNOT) && p.kwAt(1) == kwINDEXED && p.d == SQLite:
			p.next()
			p.next()
		case p.isKw(kwTABLESAMPLE):
			p.next()
			p.nd = true
			if !isNameTok(p.cur()) {
				p.fail()
				return
			}
			p.next()
			p.paren()
			if p.acceptKw(kwREPEATABLE) {
				p.paren()
			}
		default:
			return
		}
	}
}

// alias parses [AS] alias [(columns)] and returns the normalized alias.
func (p *parser) alias() string {
	t := p.cur()
	var name string
	switch {
	case t.kind == tIdent && t.kw == kwAS:
		p.next()
		t = p.cur()
		if !isNameTok(t) {
			p.fail()
			return ""
		}
		name = p.ident(t)
		p.next()
	case t.kind == tQIdent:
		name = p.ident(t)
		p.next()
	case t.kind == tIdent && (t.kw == kwNone || !notAlias.has(t.kw)):
		name = p.ident(t)
		p.next()
	default:
		return ""
	}
	if p.isOp('(') {
		p.skipBalanced()
	}
	return name
}

// queryAhead reports whether the '(' at the current position opens a query.
func (p *parser) queryAhead() bool {
	k := p.i
	for k < len(p.toks) && isOpTok(&p.toks[k], '(') {
		k++
	}
	if k >= len(p.toks) {
		return false
	}
	t := &p.toks[k]
	if t.kind != tIdent {
		return false
	}
	switch t.kw {
	case kwSELECT, kwWITH, kwTABLE:
		return true
	case kwVALUES:
		if p.d != MySQL {
			return true
		}
		return k+1 < len(p.toks) && p.toks[k+1].kind == tIdent && p.toks[k+1].kw == kwROW
	}
	return false
}

// ---- expressions --------------------------------------------------------------

// scanExpr walks an expression (or a list of them) until a keyword of stops
// at depth 0, ')' or the end of the statement (and ',' when stopComma). It
// records subqueries, function calls and session-dependent values.
func (p *parser) scanExpr(stops *kwset, stopComma bool) {
	if !p.enter() {
		p.leave()
		return
	}
	defer p.leave()
	for !p.unknown {
		t := p.cur()
		switch t.kind {
		case tEOF:
			return
		case tOp:
			if t.end-t.pos == 1 {
				switch p.s[t.pos] {
				case '(':
					p.paren()
					continue
				case ')', ';':
					return
				case ',':
					if stopComma {
						return
					}
				}
			} else if t.end-t.pos == 2 && p.s[t.pos] == ':' && p.s[t.pos+1] == ':' {
				p.next()
				p.skipType()
				continue
			}
			p.next()
		case tIdent:
			if t.kw != kwNone {
				if stops.has(t.kw) && !(funcCapable.has(t.kw) && p.isOpAt(1, '(')) {
					return
				}
				if p.keyword(t) {
					continue
				}
			}
			p.nameOrCall()
		case tQIdent:
			p.nameOrCall()
		case tString:
			if p.d != MySQL && isNowLiteral(p, t) {
				p.nd = true
			}
			p.next()
		case tVar:
			p.nd = true
			p.next()
		default:
			p.next()
		}
	}
}

// expr is scanExpr for a clause that must not be empty.
func (p *parser) expr(stops *kwset, stopComma bool) {
	start := p.i
	p.scanExpr(stops, stopComma)
	if p.i == start {
		p.fail()
	}
}

// keyword handles a keyword inside an expression; it reports whether it
// consumed tokens.
func (p *parser) keyword(t *token) bool {
	if plainKw.has(t.kw) {
		p.next()
		return true
	}
	switch t.kw {
	case kwCASE:
		p.next()
		p.scanExpr(&caseStops, false)
		p.expectKw(kwEND)
		return true
	case kwIS:
		p.next()
		p.acceptKw(kwNOT)
		if p.isKw(kwDISTINCT) && p.kwAt(1) == kwFROM {
			p.next()
			p.next()
		}
		return true
	case kwAS:
		p.next()
		if isNameTok(p.cur()) {
			p.next()
			p.skipTypeTail()
		}
		return true
	case kwSELECT:
		p.fail()
		return true
	case kwNEXT:
		if p.wordAt(1, "VALUE") && p.kwAt(2) == kwFOR {
			p.seq = true
			p.nd = true
			p.next()
			p.next()
			p.next()
			if _, ok := p.qualifiedName(); !ok {
				p.fail()
			}
			return true
		}
	case kwUSER:
		if p.d == Postgres && !p.isOpAt(1, '(') && !p.isOpAt(1, '.') {
			p.nd = true
			p.next()
			return true
		}
	case kwSQL_CALC_FOUND_ROWS:
		p.nd = true
		p.next()
		return true
	case kwWITHIN:
		p.next()
		p.acceptKw(kwGROUP)
		return true
	case kwIN:
		p.next()
		if p.isOp('(') || !isNameTok(p.cur()) {
			return true
		}
		// SQLite: x IN table, x IN table_function(args). Elsewhere a name
		// after IN is part of POSITION(a IN b) or AGAINST(... IN ... MODE).
		if p.d != SQLite {
			return true
		}
		start := p.i
		t, ok := p.qualifiedName()
		if !ok {
			p.fail()
			return true
		}
		if p.isOp('(') {
			p.i = start
			p.nameOrCall()
			return true
		}
		p.addRead(t)
		return true
	case kwVALUES:
		if p.d != MySQL {
			p.next()
			return true
		}
	}
	if ndWords.has(t.kw) {
		if !p.isOpAt(1, '.') {
			p.nd = true
		}
		if !p.isOpAt(1, '(') {
			p.next()
			return true
		}
		return false
	}
	if nonFunc.has(t.kw) {
		p.next()
		return true
	}
	return false
}

// nameOrCall consumes a (dotted) name and classifies it as a function when
// '(' follows.
func (p *parser) nameOrCall() {
	start := p.i
	n := 1
	// The current token is a name, so the text's last token (tEOF) lies
	// beyond it, and beyond the name or * after each '.'.
	toks := p.toks
	i := start + 1
	for i+1 < len(toks) && isOpTok(&toks[i], '.') {
		nt := &toks[i+1]
		if isNameTok(nt) {
			i += 2
			n++
			continue
		}
		if isOpTok(nt, '*') {
			p.i = i + 2
			return
		}
		break
	}
	p.i = i
	if !isOpTok(&toks[i], '(') {
		return
	}
	nameTok := &p.toks[start+2*(n-1)]
	var class fnClass
	switch {
	case n == 1 && nameTok.kind == tIdent:
		class = lookupFn(p.d, p.text(nameTok))
	case n == 1 && nameTok.kind == tQIdent && p.d == Postgres:
		class = lookupFn(p.d, p.unquote(nameTok))
		if p.unquote(nameTok) != lowerASCII(p.unquote(nameTok)) {
			class = fnUnknown
		}
	case n == 2 && p.d == Postgres && eqFold(p.text(&p.toks[start]), "PG_CATALOG") && nameTok.kind == tIdent:
		class = lookupFn(p.d, p.text(nameTok))
	}
	switch class {
	case fnPure:
	case fnND:
		p.nd = true
	case fnSeq:
		p.seq = true
		p.nd = true
	case fnDate:
		p.sqliteDate()
	default:
		p.nd = true
		p.opaque = true
	}
}

// sqliteDate decides whether a SQLite date function call at '(' reads the
// clock: no argument, a placeholder or a 'now'/'localtime' argument.
func (p *parser) sqliteDate() {
	if p.isOpAt(1, ')') {
		p.nd = true
		return
	}
	depth := 0
	for k := p.i; k < len(p.toks); k++ {
		t := &p.toks[k]
		if isOpTok(t, '(') {
			depth++
		} else if isOpTok(t, ')') {
			depth--
			if depth == 0 {
				return
			}
		} else if t.kind == tParam || t.kind == tEOF {
			p.nd = true
			return
		} else if t.kind == tString && isNowLiteral(p, t) {
			p.nd = true
			return
		}
	}
}

// isNowLiteral reports whether a string literal names a moving point in
// time ('now', 'today', 'tomorrow', 'yesterday', SQLite 'localtime').
func isNowLiteral(p *parser, t *token) bool {
	start := int(t.pos) + int(t.qoff) + 1
	end := int(t.end) - 1
	if end <= start || end-start > 16 || p.s[t.pos] == '$' || p.s[int(t.pos)+int(t.qoff)] != '\'' {
		return false
	}
	s := strings.TrimSpace(p.s[start:end])
	return eqFold(s, "NOW") || eqFold(s, "TODAY") || eqFold(s, "TOMORROW") ||
		eqFold(s, "YESTERDAY") || eqFold(s, "LOCALTIME")
}

// paren handles '(' in an expression: a subquery or a nested expression.
func (p *parser) paren() {
	if !p.isOp('(') {
		p.fail()
		return
	}
	if p.queryNext() {
		p.next()
		p.query(false)
		p.expectOp(')')
		return
	}
	p.next()
	p.scanExpr(&noStops, false)
	p.expectOp(')')
}

// queryNext reports whether the token after the current '(' starts a query.
func (p *parser) queryNext() bool {
	t := p.at(1)
	if t.kind != tIdent {
		return false
	}
	switch t.kw {
	case kwSELECT, kwWITH, kwTABLE:
		return true
	case kwVALUES:
		return p.d != MySQL || p.kwAt(2) == kwROW
	}
	return false
}

// skipBracket skips a [ ... ] subscript, following subqueries inside it.
func (p *parser) skipBracket() {
	p.next() // [
	depth := 1
	for !p.unknown && !p.atEnd() {
		switch {
		case p.isOp('['):
			depth++
			p.next()
		case p.isOp(']'):
			depth--
			p.next()
			if depth == 0 {
				return
			}
		case p.isOp('('):
			p.paren()
		case p.isOp(')'):
			p.fail()
			return
		default:
			p.next()
		}
	}
	p.fail()
}

// skipType skips a type name after :: (int, numeric(10,2), character
// varying(3)[], timestamp with time zone, pg_catalog.int4, "char").
func (p *parser) skipType() {
	if !isNameTok(p.cur()) {
		p.fail()
		return
	}
	p.next()
	for p.isOp('.') && isNameTok(p.at(1)) {
		p.next()
		p.next()
	}
	p.skipTypeTail()
}

func (p *parser) skipTypeTail() {
	for !p.unknown {
		switch {
		case p.isOp('('):
			p.skipBalanced()
		case p.isOp('['):
			p.next()
			if p.cur().kind == tNumber {
				p.next()
			}
			p.expectOp(']')
		case p.isKw(kwPRECISION), p.isKw(kwVARYING), p.isKw(kwUNSIGNED), p.isKw(kwSIGNED), p.isKw(kwARRAY):
			p.next()
		case (p.isKw(kwWITH) || p.isKw(kwWITHOUT)) && p.kwAt(1) == kwTIME && p.kwAt(2) == kwZONE:
			p.next()
			p.next()
			p.next()
		default:
			return
		}
	}
}

// ---- values, assignments, conditions ---------------------------------------

// simpleValue parses a placeholder or literal ([-]number, string, NULL,
// TRUE, FALSE, DEFAULT), with an optional ::type, at the current position.
func (p *parser) simpleValue() (Value, bool) {
	t := p.cur()
	var v Value
	switch t.kind {
	case tParam:
		if t.flags&fNamed != 0 {
			v = Value{Kind: ValueNamed, Name: p.s[t.pos+1 : t.end]}
			if p.d == SQLite {
				v.Arg = int(t.ord)
			}
		} else {
			if t.ord == 0 {
				return v, false
			}
			v = Value{Kind: ValueArg, Arg: int(t.ord)}
		}
		p.next()
	case tString, tDQStr:
		v = Value{Kind: ValueString, Text: p.stringValue(t)}
		p.next()
	case tNumber:
		v = Value{Kind: ValueNumber, Text: p.text(t)}
		p.next()
	case tOp:
		if (p.s[t.pos] == '-' || p.s[t.pos] == '+') && t.end-t.pos == 1 && p.at(1).kind == tNumber {
			n := p.at(1)
			if n.pos == t.end {
				v = Value{Kind: ValueNumber, Text: p.s[t.pos:n.end]}
			} else {
				v = Value{Kind: ValueNumber, Text: p.s[t.pos:t.end] + p.text(n)}
			}
			if p.s[t.pos] == '+' {
				v.Text = p.text(n)
			}
			p.next()
			p.next()
		} else {
			return v, false
		}
	case tIdent:
		switch t.kw {
		case kwNULL:
			v = Value{Kind: ValueNull}
		case kwTRUE:
			v = Value{Kind: ValueBool, Text: "true"}
		case kwFALSE:
			v = Value{Kind: ValueBool, Text: "false"}
		case kwDEFAULT:
			v = Value{Kind: ValueDefault}
		default:
			return v, false
		}
		p.next()
	default:
		return v, false
	}
	if p.d == Postgres && p.cur().kind == tOp && p.text(p.cur()) == "::" {
		p.next()
		p.skipType()
	}
	return v, true
}

// stringValue decodes a string literal token.
func (p *parser) stringValue(t *token) string {
	q := int(t.pos) + int(t.qoff)
	if q >= int(t.end) {
		return ""
	}
	if p.s[t.pos] == '$' {
		// $tag$...$tag$: qoff holds the tag length.
		tl := int(t.qoff)
		if int(t.pos)+tl > int(t.end)-tl {
			return ""
		}
		return p.s[int(t.pos)+tl : int(t.end)-tl]
	}
	start, end := q+1, int(t.end)-1
	if end < start {
		return ""
	}
	s := p.s[start:end]
	if t.flags&fEscaped == 0 {
		return s
	}
	quote := p.s[q]
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && t.flags&fBackslash != 0 && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			case 'b':
				b.WriteByte('\b')
			case 'Z':
				b.WriteByte(26)
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		if c == quote && i+1 < len(s) && s[i+1] == quote {
			i++
		}
		b.WriteByte(c)
	}
	return b.String()
}

// value parses one value of a VALUES row or an assignment.
func (p *parser) value(record bool) Value {
	start := p.i
	if v, ok := p.simpleValue(); ok && (p.isOp(',') || p.isOp(')') || p.atEnd() ||
		p.cur().kind == tIdent && clauseStops.has(p.cur().kw) || p.isKw(kwWHEN)) {
		return v
	}
	p.i = start
	p.scanExpr(&mergeStops, true)
	if !record || p.i == start {
		return Value{Kind: ValueExpr}
	}
	return Value{Kind: ValueExpr, Text: p.s[p.toks[start].pos:p.toks[p.i-1].end]}
}

// setList parses col = value, ... (and (a, b) = (...)). The assignments
// are a view of the scratch, nil when there are none.
func (p *parser) setList(record bool) []Assignment {
	mark := len(p.asgBuf)
	p.setItems(record)
	if len(p.asgBuf) == mark {
		return nil
	}
	return p.asgBuf[mark:len(p.asgBuf):len(p.asgBuf)]
}

// setItems appends the assignments of a SET list to the scratch.
func (p *parser) setItems(record bool) {
	for !p.unknown {
		if p.isOp('(') {
			// (a, b) = (v1, v2) | (SELECT ...) | ROW(...)
			var cols []string
			p.next()
			for !p.unknown {
				t := p.cur()
				if !isNameTok(t) {
					p.fail()
					return
				}
				cols = append(cols, p.column(t))
				p.next()
				if !p.acceptOp(',') {
					break
				}
			}
			p.expectOp(')')
			p.expectOp('=')
			p.acceptKw(kwROW)
			if p.isOp('(') && !p.queryAhead() {
				p.next()
				for k := 0; !p.unknown; k++ {
					v := p.value(record)
					if k < len(cols) {
						p.asgBuf = append(p.asgBuf, Assignment{Column: cols[k], Value: v})
					}
					if !p.acceptOp(',') {
						break
					}
				}
				p.expectOp(')')
			} else {
				p.scanExpr(&mergeStops, true)
				for _, c := range cols {
					p.asgBuf = append(p.asgBuf, Assignment{Column: c, Value: Value{Kind: ValueExpr}})
				}
			}
		} else {
			t := p.cur()
			if !isNameTok(t) {
				p.fail()
				return
			}
			var a Assignment
			a.Column = p.column(t)
			p.next()
			if p.isOp('.') && isNameTok(p.at(1)) {
				p.next()
				a.Table = p.ident(t)
				a.Column = p.column(p.cur())
				p.next()
				if p.isOp('.') && isNameTok(p.at(1)) {
					// db.table.column (MySQL)
					p.next()
					a.Table = p.ident(p.at(-2))
					a.Column = p.column(p.cur())
					p.next()
				}
			}
			for p.isOp('[') || p.isOp('.') {
				// Subscript or composite field: the column changes in part.
				if p.isOp('[') {
					p.skipBracket()
				} else {
					p.next()
					p.next()
				}
			}
			if !p.acceptOp('=') {
				p.fail()
				return
			}
			a.Value = p.value(record)
			p.asgBuf = append(p.asgBuf, a)
		}
		if !p.acceptOp(',') {
			break
		}
	}
}

// conds extracts the top-level equalities of the WHERE clause in toks
// [from, to) whose column belongs to the table known as alias; they are a
// view of the scratch, nil when there are none.
func (p *parser) conds(from, to int, alias string) []Condition {
	depth := 0
	between := false
	seg := from
	mark, vmark := len(p.condBuf), len(p.valBuf)
	for k := from; k < to; k++ {
		t := &p.toks[k]
		switch t.kind {
		case tOp:
			if t.end-t.pos == 1 {
				switch p.s[t.pos] {
				case '(', '[':
					depth++
				case ')', ']':
					depth--
				}
			} else if depth == 0 && p.d == MySQL && p.text(t) == "||" {
				p.dropConds(mark, vmark)
				return nil
			}
		case tIdent:
			if depth != 0 {
				continue
			}
			switch t.kw {
			case kwOR, kwXOR:
				p.dropConds(mark, vmark)
				return nil
			case kwNOT:
				if k == seg {
					between = false
				}
			case kwBETWEEN:
				between = true
			case kwAND:
				if between {
					between = false
					continue
				}
				p.cond(seg, k, alias)
				seg = k + 1
			}
		}
	}
	p.cond(seg, to, alias)
	if len(p.condBuf) == mark {
		return nil
	}
	return p.condBuf[mark:len(p.condBuf):len(p.condBuf)]
}

// dropConds removes the conditions and values stored from the marks on.
func (p *parser) dropConds(mark, vmark int) {
	clear(p.condBuf[mark:])
	p.condBuf = p.condBuf[:mark]
	clear(p.valBuf[vmark:])
	p.valBuf = p.valBuf[:vmark]
}

// cond matches one conjunct: [qualifier.]col = value or col IN (values),
// and stores it in the scratch.
func (p *parser) cond(from, to int, alias string) {
	// Strip enclosing parentheses.
	for to-from >= 2 && isOpTok(&p.toks[from], '(') && isOpTok(&p.toks[to-1], ')') {
		depth := 0
		wraps := true
		for k := from; k < to-1; k++ {
			if isOpTok(&p.toks[k], '(') {
				depth++
			} else if isOpTok(&p.toks[k], ')') {
				depth--
			}
			if depth == 0 {
				wraps = false
				break
			}
		}
		if !wraps {
			break
		}
		from++
		to--
	}
	k := from
	if k >= to || !isNameTok(&p.toks[k]) {
		return
	}
	var names [3]*token
	n := 0
	for k < to && isNameTok(&p.toks[k]) && n < 3 {
		names[n] = &p.toks[k]
		n++
		k++
		if k < to && isOpTok(&p.toks[k], '.') {
			k++
			continue
		}
		break
	}
	if n == 0 || k >= to {
		return
	}
	if n >= 2 && p.ident(names[n-2]) != alias {
		return
	}
	save, saveUnknown := p.i, p.unknown
	p.condValues(k, to, names[n-1])
	p.i, p.unknown = save, saveUnknown
}

// condValues matches "= value" or "IN (values)" at toks[k:to] and stores
// the condition in the scratch.
func (p *parser) condValues(k, to int, colTok *token) {
	t := &p.toks[k]
	mark := len(p.valBuf)
	switch {
	case t.kind == tOp && t.end-t.pos == 1 && p.s[t.pos] == '=':
		p.i = k + 1
		v, ok := p.simpleValue()
		if !ok || p.i != to || v.Kind == ValueDefault {
			return
		}
		p.valBuf = append(p.valBuf, v)
	case t.kind == tIdent && t.kw == kwIN:
		p.i = k + 1
		if !p.acceptOp('(') {
			return
		}
		for {
			v, ok := p.simpleValue()
			if !ok || v.Kind == ValueDefault {
				p.dropValues(mark)
				return
			}
			p.valBuf = append(p.valBuf, v)
			if !p.acceptOp(',') {
				break
			}
		}
		if !p.acceptOp(')') || p.i != to {
			p.dropValues(mark)
			return
		}
	default:
		return
	}
	end := len(p.valBuf)
	p.condBuf = append(p.condBuf, Condition{Column: p.column(colTok), Values: p.valBuf[mark:end:end]})
}

// dropValues removes the values stored from mark on.
func (p *parser) dropValues(mark int) {
	clear(p.valBuf[mark:])
	p.valBuf = p.valBuf[:mark]
}
