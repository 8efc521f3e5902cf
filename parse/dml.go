package parse

var conflictStops = union(clauseStops, mkset(kwDO))

// insert parses INSERT / REPLACE.
func (p *parser) insert(top, replace bool) {
	p.next()
	op, verb := OpInsert, "INSERT"
	if replace {
		op, verb = OpReplace, "REPLACE"
	}
	p.setOp(op, top)
	if !top {
		// Assignments of a nested INSERT are not event data.
		defer p.dropAssignments(len(p.asgBuf))
	}
	for !p.unknown {
		if p.d == MySQL && (p.isKw(kwLOW_PRIORITY) || p.isKw(kwDELAYED) || p.isKw(kwHIGH_PRIORITY) || p.isKw(kwIGNORE)) {
			p.next()
			continue
		}
		if p.d == SQLite && !replace && p.isKw(kwOR) {
			p.next()
			switch {
			case p.acceptKw(kwREPLACE):
				op = OpReplace
			case p.acceptKw(kwIGNORE), p.acceptKw(kwROLLBACK), p.acceptKw(kwABORT), p.acceptWord("FAIL"):
			default:
				p.fail()
			}
			continue
		}
		break
	}
	if !p.acceptKw(kwINTO) && p.d != MySQL {
		p.fail()
		return
	}
	p.sumWord(verb)
	t, ok := p.tableName()
	if !ok {
		return
	}
	p.addWrite(t)
	if p.d == MySQL && p.isKw(kwPARTITION) {
		p.next()
		p.skipBalanced()
	}
	if p.d != MySQL && p.acceptKw(kwAS) {
		if !isNameTok(p.cur()) {
			p.fail()
			return
		}
		p.next()
	}
	var cols []string
	colsOK := true
	if p.isOp('(') && !p.queryAhead() {
		cmark := len(p.strBuf)
		p.next()
		for !p.unknown && !p.isOp(')') {
			c := p.cur()
			if !isNameTok(c) {
				p.fail()
				return
			}
			if name := p.column(c); top {
				p.strBuf = append(p.strBuf, name)
			}
			p.next()
			for p.isOp('.') || p.isOp('[') {
				// a composite field or subscript: not a plain column list
				colsOK = false
				if p.isOp('[') {
					p.next()
					p.scanExpr(&noStops, false)
					p.expectOp(']')
				} else {
					p.next()
					p.next()
				}
			}
			if !p.acceptOp(',') {
				break
			}
		}
		if n := len(p.strBuf); n > cmark {
			cols = p.strBuf[cmark:n:n]
		}
		p.expectOp(')')
	}
	if p.acceptKw(kwOVERRIDING) {
		p.next()
		p.expectKw(kwVALUE)
	}
	record := top && colsOK
	var set []Assignment
	switch {
	case p.isKw(kwVALUES) || p.d == MySQL && p.isKw(kwVALUE):
		p.next()
		p.valuesRows(record)
	case p.isKw(kwDEFAULT) && p.kwAt(1) == kwVALUES:
		p.next()
		p.next()
	case p.d == MySQL && p.isKw(kwSET):
		p.next()
		amark := len(p.asgBuf)
		as := p.setList(record)
		if record {
			row := make([]Value, 0, len(as))
			cols = cols[:0]
			for _, a := range as {
				cols = append(cols, a.Column)
				row = append(row, a.Value)
			}
			p.rows = append(p.rows, row)
		}
		p.dropAssignments(amark)
	case p.isKw(kwSELECT) || p.isKw(kwWITH) || p.isKw(kwTABLE) || p.isOp('('):
		p.query(false)
	default:
		p.fail()
		return
	}
	if p.d == MySQL && p.acceptKw(kwAS) {
		// row alias: AS new [(cols)]
		if !isNameTok(p.cur()) {
			p.fail()
			return
		}
		p.next()
		if p.isOp('(') {
			p.skipBalanced()
		}
	}
	var conflict []string
	for !p.unknown && p.isKw(kwON) {
		switch {
		case p.kwAt(1) == kwCONFLICT && p.d != MySQL:
			p.next()
			p.next()
			if p.isOp('(') {
				p.next()
				for !p.unknown {
					c := p.cur()
					if isNameTok(c) && (p.isOpAt(1, ',') || p.isOpAt(1, ')')) {
						if name := p.column(c); top {
							p.strBuf = append(p.strBuf, name)
							conflict = p.strBuf[len(p.strBuf)-1-len(conflict) : len(p.strBuf) : len(p.strBuf)]
						}
						p.next()
					} else {
						p.scanExpr(&noStops, true)
					}
					if !p.acceptOp(',') {
						break
					}
				}
				p.expectOp(')')
				if p.acceptKw(kwWHERE) {
					p.scanExpr(&conflictStops, false)
				}
			} else if p.acceptKw(kwON) {
				if !p.acceptWord("CONSTRAINT") || !isNameTok(p.cur()) {
					p.fail()
					return
				}
				p.next()
			}
			p.expectKw(kwDO)
			if p.acceptKw(kwNOTHING) {
				continue
			}
			if !p.acceptKw(kwUPDATE) || !p.acceptKw(kwSET) {
				p.fail()
				return
			}
			if op == OpInsert {
				op = OpUpsert
			}
			set = joinAssignments(set, p.setList(top))
			if p.acceptKw(kwWHERE) {
				p.scanExpr(&clauseStops, false)
			}
		case p.kwAt(1) == kwDUPLICATE && p.d != Postgres && p.d != SQLite:
			p.next()
			p.next()
			if !p.acceptKw(kwKEY) || !p.acceptKw(kwUPDATE) {
				p.fail()
				return
			}
			if op == OpInsert {
				op = OpUpsert
			}
			set = joinAssignments(set, p.setList(top))
		default:
			p.fail()
			return
		}
	}
	p.returningClause()
	if top {
		p.op = op
		if record {
			p.columns = cols
			if len(cols) > 0 {
				for _, r := range p.rows {
					if len(r) != len(cols) {
						p.rows = nil
						break
					}
				}
			}
		} else {
			p.rows = nil
		}
		p.set = set
		p.conflict = conflict
	}
}

// joinAssignments returns the assignments of a followed by those of b; a
// view is never appended to in place.
func joinAssignments(a, b []Assignment) []Assignment {
	if a == nil {
		return b
	}
	return append(a[:len(a):len(a)], b...)
}

// dropAssignments removes the assignments stored from mark on.
func (p *parser) dropAssignments(mark int) {
	clear(p.asgBuf[mark:])
	p.asgBuf = p.asgBuf[:mark]
}

func (p *parser) returningClause() {
	if p.acceptKw(kwRETURNING) {
		p.returning = true
		p.expr(&clauseStops, false)
	}
}

// update parses UPDATE.
func (p *parser) update(top bool) {
	p.setOp(OpUpdate, top)
	p.readRefs = false
	p.next()
	p.sumWord("UPDATE")
	for !p.unknown {
		if p.d == MySQL && (p.isKw(kwLOW_PRIORITY) || p.isKw(kwIGNORE)) {
			p.next()
			continue
		}
		if p.d == SQLite && p.isKw(kwOR) {
			p.next()
			if !p.acceptKw(kwREPLACE) && !p.acceptKw(kwIGNORE) && !p.acceptKw(kwROLLBACK) &&
				!p.acceptKw(kwABORT) && !p.acceptWord("FAIL") {
				p.fail()
			}
			continue
		}
		break
	}
	start := p.refsStart(top)
	if p.d == MySQL {
		p.fromList(true)
	} else {
		p.fromItem(true)
	}
	refs := p.refs[start:]
	if p.unknown {
		return
	}
	if !p.acceptKw(kwSET) {
		p.fail()
		return
	}
	if !top {
		// Assignments of a nested UPDATE are not event data.
		defer p.dropAssignments(len(p.asgBuf))
	}
	set := p.setList(top)
	alias := ""
	if len(refs) == 1 {
		if refs[0].kind != refTable {
			p.fail()
			return
		}
		p.addWrite(refs[0].table)
		alias = refs[0].alias
	} else {
		p.multiTargets(refs, set)
	}
	if p.acceptKw(kwFROM) {
		if p.d == MySQL {
			p.fail()
			return
		}
		p.fromList(false)
	}
	p.whereClause(top && len(refs) == 1, alias)
	p.returningClause()
	p.queryTail()
	if top {
		p.op = OpUpdate
		p.set = set
	}
}

// refsStart begins the FROM items of a statement and returns where they
// start in p.refs: a top-level statement starts the list afresh; a nested
// one (a data-modifying WITH inside an expression) adds its items after
// those of the statements around it, which still read theirs.
func (p *parser) refsStart(top bool) int {
	if top {
		p.refs = p.refs[:0]
	}
	return len(p.refs)
}

// multiTargets decides which tables of a MySQL multi-table UPDATE are
// written: those whose alias qualifies an assigned column; an unqualified
// column may belong to any of them, so then all are taken as written.
func (p *parser) multiTargets(refs []ref, set []Assignment) {
	written := make([]bool, len(refs))
	for _, a := range set {
		if a.Table == "" {
			for k := range refs {
				written[k] = true
			}
			continue
		}
		found := false
		for k, r := range refs {
			if r.alias == a.Table {
				if r.kind != refTable {
					p.fail()
					return
				}
				written[k] = true
				found = true
			}
		}
		if !found {
			p.fail()
			return
		}
	}
	for k, r := range refs {
		if r.kind != refTable {
			continue
		}
		if written[k] {
			p.addWrite(r.table)
		} else {
			p.addRead(r.table)
		}
	}
}

func (p *parser) whereClause(conds bool, alias string) {
	if !p.acceptKw(kwWHERE) {
		return
	}
	if p.isKw(kwCURRENT) && p.kwAt(1) == kwOF {
		p.next()
		p.next()
		if !isNameTok(p.cur()) {
			p.fail()
			return
		}
		p.next()
		return
	}
	start := p.i
	p.expr(&clauseStops, false)
	if conds && !p.unknown {
		p.where = p.conds(start, p.i, alias)
	}
}

// delete parses DELETE.
func (p *parser) delete(top bool) {
	p.setOp(OpDelete, top)
	p.readRefs = false
	p.next()
	p.sumWord("DELETE")
	for p.d == MySQL && (p.isKw(kwLOW_PRIORITY) || p.isKw(kwQUICK) || p.isKw(kwIGNORE)) {
		p.next()
	}
	var refs []ref
	var targets []Table
	multi := false
	if p.d == MySQL && !p.isKw(kwFROM) {
		// DELETE t1, t2 FROM table_references
		var ok bool
		targets, ok = p.deleteTargets()
		if !ok || !p.acceptKw(kwFROM) {
			p.fail()
			return
		}
		start := p.refsStart(top)
		p.fromList(true)
		refs = p.refs[start:]
		multi = true
	} else {
		if !p.acceptKw(kwFROM) {
			p.fail()
			return
		}
		if p.d == MySQL {
			// DELETE FROM t1, t2 USING table_references
			save := p.i
			ts, ok := p.deleteTargets()
			if ok && p.acceptKw(kwUSING) {
				targets = ts
				start := p.refsStart(top)
				p.fromList(true)
				refs = p.refs[start:]
				multi = true
			} else {
				p.i = save
			}
		}
		if !multi {
			start := p.refsStart(top)
			p.fromItem(true)
			refs = p.refs[start:]
			if p.unknown {
				return
			}
			if len(refs) != 1 || refs[0].kind != refTable {
				p.fail()
				return
			}
			p.addWrite(refs[0].table)
			if p.acceptKw(kwUSING) {
				if p.d != Postgres && p.d != Generic {
					p.fail()
					return
				}
				p.fromList(false)
			}
		}
	}
	if p.unknown {
		return
	}
	alias := ""
	if multi {
		written := make([]bool, len(refs))
		for _, t := range targets {
			found := false
			for k, r := range refs {
				if t.Schema == "" && r.alias == t.Name || r.kind == refTable && r.table == t {
					if r.kind != refTable {
						p.fail()
						return
					}
					written[k] = true
					found = true
					break
				}
			}
			if !found {
				p.fail()
				return
			}
		}
		for k, r := range refs {
			if r.kind != refTable {
				continue
			}
			if written[k] {
				p.addWrite(r.table)
			} else {
				p.addRead(r.table)
			}
		}
	} else {
		alias = refs[0].alias
	}
	p.whereClause(top && !multi, alias)
	p.returningClause()
	p.queryTail()
	if top {
		p.op = OpDelete
	}
}

// deleteTargets parses t1[.*], db.t2[.*], ... without failing.
func (p *parser) deleteTargets() ([]Table, bool) {
	var out []Table
	for {
		t := p.cur()
		if !isNameTok(t) || t.kind == tIdent && t.kw != kwNone && notAlias.has(t.kw) {
			return nil, false
		}
		tb := Table{Name: p.ident(t)}
		p.next()
		if p.isOp('.') && isNameTok(p.at(1)) {
			p.next()
			tb.Schema, tb.Name = tb.Name, p.ident(p.cur())
			p.next()
		}
		if p.isOp('.') && p.isOpAt(1, '*') {
			p.next()
			p.next()
		}
		out = append(out, tb)
		if !p.acceptOp(',') {
			return out, true
		}
	}
}

// merge parses MERGE INTO target USING source ON cond WHEN ...
func (p *parser) merge(top bool) {
	p.setOp(OpMerge, top)
	p.readRefs = false
	p.next()
	p.sumWord("MERGE")
	if p.d == MySQL || p.d == SQLite {
		p.fail()
		return
	}
	if !p.acceptKw(kwINTO) {
		p.fail()
		return
	}
	start := p.refsStart(top)
	p.fromItem(true)
	refs := p.refs[start:]
	if p.unknown {
		return
	}
	if len(refs) != 1 || refs[0].kind != refTable {
		p.fail()
		return
	}
	p.addWrite(refs[0].table)
	if !p.acceptKw(kwUSING) {
		p.fail()
		return
	}
	p.fromItem(false)
	if !p.acceptKw(kwON) {
		p.fail()
		return
	}
	p.scanExpr(&mergeStops, false)
	for !p.unknown && p.acceptKw(kwWHEN) {
		p.acceptKw(kwNOT)
		if !p.acceptKw(kwMATCHED) {
			p.fail()
			return
		}
		if p.acceptKw(kwBY) {
			p.next() // SOURCE | TARGET
		}
		if p.acceptKw(kwAND) {
			p.scanExpr(&mergeStops, false)
		}
		if !p.acceptKw(kwTHEN) {
			p.fail()
			return
		}
		switch {
		case p.acceptKw(kwUPDATE):
			p.expectKw(kwSET)
			mark := len(p.asgBuf)
			p.setList(false)
			p.dropAssignments(mark)
		case p.acceptKw(kwDELETE):
		case p.acceptKw(kwINSERT):
			if p.isOp('(') {
				p.skipBalanced()
			}
			if p.acceptKw(kwOVERRIDING) {
				p.next()
				p.expectKw(kwVALUE)
			}
			if p.acceptKw(kwDEFAULT) {
				p.expectKw(kwVALUES)
			} else {
				p.expectKw(kwVALUES)
				p.valuesRows(false)
			}
		case p.acceptKw(kwDO):
			p.expectKw(kwNOTHING)
		default:
			p.fail()
			return
		}
	}
	p.returningClause()
	if top {
		p.op = OpMerge
	}
}

// truncate parses TRUNCATE [TABLE] [ONLY] t [*], ... [options].
func (p *parser) truncate(top bool) {
	p.next()
	if p.d == SQLite {
		p.fail()
		return
	}
	p.sumWord("TRUNCATE")
	p.acceptKw(kwTABLE)
	for !p.unknown {
		p.acceptKw(kwONLY)
		t, ok := p.tableName()
		if !ok {
			return
		}
		p.addWrite(t)
		p.acceptOp('*')
		if !p.acceptOp(',') {
			break
		}
	}
	for !p.atEnd() && !p.unknown {
		switch {
		case p.acceptWord("RESTART"), p.acceptWord("CONTINUE"):
			p.expectKw(kwIDENTITY)
		case p.acceptWord("RESTRICT"):
		case p.word("CASCADE"):
			// Referencing tables are truncated too: the written set is
			// not in the text.
			p.fail()
		default:
			p.fail()
		}
	}
	if top {
		p.op = OpTruncate
	}
}

func (p *parser) ifNotExists() {
	if p.acceptKw(kwIF) {
		if !p.acceptKw(kwNOT) || !p.acceptKw(kwEXISTS) {
			p.fail()
		}
	}
}

func (p *parser) ifExists() {
	if p.acceptKw(kwIF) {
		p.expectKw(kwEXISTS)
	}
}

// harmless DDL objects change no table's data or meaning.
var harmlessObjects = [...]string{"SCHEMA", "DATABASE", "TYPE", "DOMAIN", "ROLE", "USER", "GROUP",
	"COLLATION", "PUBLICATION", "SUBSCRIPTION", "TABLESPACE", "SERVER", "STATISTICS", "LOGFILE",
	"RESOURCE", "SPATIAL", "CAST", "CONVERSION", "LANGUAGE", "TEXT", "OPERATOR", "ACCESS",
	"USER MAPPING", "FOREIGN DATA"}

func (p *parser) harmless() (string, bool) {
	t := p.cur()
	if t.kind != tIdent {
		return "", false
	}
	w := p.text(t)
	for _, h := range harmlessObjects {
		if eqFold(w, h) {
			return h, true
		}
	}
	return "", false
}

// objectWord returns the upper-case name of the DDL object at the cursor.
func (p *parser) objectWord() string {
	t := p.cur()
	if t.kind != tIdent {
		return ""
	}
	w := p.text(t)
	if len(w) > 32 {
		return ""
	}
	b := make([]byte, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

func (p *parser) ddlSummary(verb, object string) {
	p.sumWord(verb)
	if object != "" {
		p.sumWord(object)
	}
}

// create parses CREATE ...
func (p *parser) create(top bool) {
	p.next()
	if p.acceptKw(kwOR) {
		p.expectKw(kwREPLACE)
	}
	temp := false
	unique := false
	for !p.unknown {
		switch {
		case p.acceptKw(kwTEMP), p.acceptKw(kwTEMPORARY):
			temp = true
			continue
		case p.acceptKw(kwGLOBAL), p.acceptKw(kwLOCAL), p.acceptWord("UNLOGGED"), p.acceptKw(kwRECURSIVE):
			continue
		case p.acceptKw(kwUNIQUE), p.acceptWord("FULLTEXT"), p.acceptWord("CLUSTERED"):
			unique = true
			continue
		case p.d == MySQL && (p.word("ALGORITHM") || p.word("DEFINER") || p.word("SQL")):
			// ALGORITHM = x, DEFINER = user, SQL SECURITY x
			for !p.atEnd() && !p.word("VIEW") && !p.word("PROCEDURE") && !p.word("FUNCTION") &&
				!p.word("TRIGGER") && !p.word("EVENT") {
				p.next()
			}
			continue
		}
		break
	}
	if temp {
		p.temp = true
	}
	object := ""
	switch {
	case p.acceptKw(kwTABLE):
		object = "TABLE"
		p.ddlSummary("CREATE", object)
		p.createTable()
	case p.acceptKw(kwINDEX):
		object = "INDEX"
		p.ddlSummary("CREATE", object)
		p.createIndex()
	case p.acceptWord("VIEW"):
		object = "VIEW"
		p.ddlSummary("CREATE", object)
		p.createView()
	case p.isKw(kwMATERIALIZED) && p.wordAt(1, "VIEW"):
		p.next()
		p.next()
		object = "MATERIALIZED VIEW"
		p.ddlSummary("CREATE", object)
		p.createView()
	case p.acceptWord("SEQUENCE"):
		object = "SEQUENCE"
		p.ddlSummary("CREATE", object)
		p.seq = true
		p.ifNotExists()
		if t, ok := p.tableName(); ok {
			p.addWrite(t)
		}
		p.skipToEnd()
	case p.word("VIRTUAL") && p.kwAt(1) == kwTABLE && p.d == SQLite,
		p.word("FOREIGN") && p.kwAt(1) == kwTABLE && p.d != SQLite && p.d != MySQL:
		p.next()
		p.next()
		object = "TABLE"
		p.ddlSummary("CREATE", object)
		p.ifNotExists()
		if t, ok := p.tableName(); ok {
			p.addWrite(t)
		}
		p.skipToEnd()
	default:
		if unique {
			p.fail()
			return
		}
		if h, ok := p.harmless(); ok {
			object = h
			p.ddlSummary("CREATE", object)
			p.skipToEnd()
			break
		}
		// FUNCTION, PROCEDURE, TRIGGER, RULE, EXTENSION, EVENT, POLICY ...
		// may change what later statements read or write.
		object = p.objectWord()
		p.ddlSummary("CREATE", object)
		p.fail()
	}
	if top {
		p.op = OpCreate
		p.object = object
	}
}

func (p *parser) createTable() {
	p.ifNotExists()
	t, ok := p.tableName()
	if !ok {
		return
	}
	p.addWrite(t)
	if p.d != MySQL && p.isKw(kwPARTITION) && p.kwAt(1) == kwOF {
		p.next()
		p.next()
		if parent, ok := p.tableName(); ok {
			p.addWrite(parent)
		}
		p.skipToEnd()
		return
	}
	if p.isOp('(') && !p.queryAhead() {
		// Column and constraint definitions; LIKE other copies a definition.
		p.next()
		for !p.unknown {
			if p.acceptKw(kwLIKE) {
				if src, ok := p.tableName(); ok {
					p.addRead(src)
				}
			}
			depth := 0
			for !p.unknown {
				c := p.cur()
				if c.kind == tEOF {
					p.fail()
					return
				}
				if isOpTok(c, '(') {
					depth++
				} else if isOpTok(c, ')') {
					if depth == 0 {
						break
					}
					depth--
				} else if depth == 0 && isOpTok(c, ',') {
					break
				} else if c.kind == tIdent && (c.kw == kwSELECT || c.kw == kwWITH && p.kwAt(1) == kwRECURSIVE) {
					p.fail()
					return
				}
				p.next()
			}
			if !p.acceptOp(',') {
				break
			}
		}
		p.expectOp(')')
	}
	for !p.atEnd() && !p.unknown {
		switch {
		case p.isKw(kwAS):
			p.next()
			if p.acceptKw(kwEXECUTE) {
				p.opaque = true
				p.skipToEnd()
				return
			}
			p.query(false)
		case p.isKw(kwSELECT) || p.isKw(kwWITH) && !p.isOpAt(1, '(') || p.isKw(kwTABLE) ||
			p.isOp('(') && p.queryAhead():
			p.query(false)
		case p.isKw(kwLIKE):
			p.next()
			if src, ok := p.tableName(); ok {
				p.addRead(src)
			}
		case p.word("INHERITS"):
			p.next()
			if !p.acceptOp('(') {
				p.fail()
				return
			}
			for !p.unknown {
				if parent, ok := p.tableName(); ok {
					p.addWrite(parent)
				}
				if !p.acceptOp(',') {
					break
				}
			}
			p.expectOp(')')
		case p.isOp('('):
			p.skipBalanced()
		default:
			p.next()
		}
	}
}

func (p *parser) createIndex() {
	p.acceptWord("CONCURRENTLY")
	p.ifNotExists()
	if !p.isKw(kwON) && !p.isKw(kwUSING) {
		if _, ok := p.qualifiedName(); !ok {
			p.fail()
			return
		}
	}
	if p.acceptKw(kwUSING) {
		p.next()
	}
	if !p.acceptKw(kwON) {
		p.fail()
		return
	}
	p.acceptKw(kwONLY)
	if t, ok := p.tableName(); ok {
		p.addWrite(t)
	}
	p.skipToEnd()
}

func (p *parser) createView() {
	p.ifNotExists()
	t, ok := p.tableName()
	if !ok {
		return
	}
	p.addWrite(t)
	if p.isOp('(') {
		p.skipBalanced()
	}
	for !p.unknown && !p.isKw(kwAS) {
		switch {
		case p.isKw(kwWITH) && p.isOpAt(1, '('):
			p.next()
			p.skipBalanced()
		case p.acceptKw(kwUSING), p.acceptWord("TABLESPACE"):
			p.next()
		default:
			p.fail()
			return
		}
	}
	p.expectKw(kwAS)
	p.query(false)
	// WITH [CASCADED | LOCAL] CHECK OPTION, WITH [NO] DATA
	p.skipWords()
}

// relationObject reads the kind of relation an ALTER or DROP names: TABLE
// (FOREIGN TABLE too), VIEW, MATERIALIZED VIEW, SEQUENCE or INDEX. It
// reads nothing and answers false for any other word.
func (p *parser) relationObject() (string, bool) {
	switch {
	case p.acceptKw(kwTABLE):
		return "TABLE", true
	case p.word("FOREIGN") && p.kwAt(1) == kwTABLE:
		p.next()
		p.next()
		return "TABLE", true
	case p.acceptWord("VIEW"):
		return "VIEW", true
	case p.isKw(kwMATERIALIZED) && p.wordAt(1, "VIEW"):
		p.next()
		p.next()
		return "MATERIALIZED VIEW", true
	case p.acceptWord("SEQUENCE"):
		p.seq = true
		return "SEQUENCE", true
	case p.acceptKw(kwINDEX):
		return "INDEX", true
	}
	return "", false
}

// alter parses ALTER ...
func (p *parser) alter(top bool) {
	p.next()
	object, ok := p.relationObject()
	switch {
	case object == "INDEX":
		p.ddlSummary("ALTER", object)
		p.skipToEnd()
	case !ok:
		if h, ok := p.harmless(); ok {
			object = h
			p.ddlSummary("ALTER", object)
			p.skipToEnd()
			break
		}
		object = p.objectWord()
		p.ddlSummary("ALTER", object)
		p.fail()
	}
	if top {
		p.op = OpAlter
		p.object = object
	}
	if object == "INDEX" || p.unknown || p.atEnd() && object != "TABLE" && object != "VIEW" &&
		object != "MATERIALIZED VIEW" && object != "SEQUENCE" {
		return
	}
	p.ddlSummary("ALTER", object)
	p.ifExists()
	p.acceptKw(kwONLY)
	t, ok := p.tableName()
	if !ok {
		return
	}
	p.acceptOp('*')
	p.addWrite(t)
	depth := 0
	for !p.atEnd() && !p.unknown {
		c := p.cur()
		if isOpTok(c, '(') {
			depth++
			p.next()
			continue
		}
		if isOpTok(c, ')') {
			depth--
			p.next()
			continue
		}
		if depth > 0 || c.kind != tIdent {
			p.next()
			continue
		}
		switch {
		case c.kw == kwAS && object == "VIEW":
			p.next()
			p.query(false)
		case c.kw == kwRENAME:
			p.next()
			switch {
			case p.acceptKw(kwTO), p.d == MySQL && p.acceptKw(kwAS):
				p.renameTarget(t)
			case p.word("COLUMN") || p.isKw(kwINDEX) || p.isKw(kwKEY) || p.word("CONSTRAINT"):
				p.next()
			case p.d == MySQL:
				p.renameTarget(t)
			}
		case c.kw == kwSET && p.wordAt(1, "SCHEMA"):
			p.next()
			p.next()
			if s := p.cur(); isNameTok(s) {
				p.addWrite(Table{Schema: p.ident(s), Name: t.Name})
				p.next()
			}
		case (p.word("ATTACH") || p.word("DETACH")) && p.kwAt(1) == kwPARTITION && p.d == Postgres:
			p.next()
			p.next()
			if part, ok := p.tableName(); ok {
				p.addWrite(part)
			}
		case p.word("INHERIT") && p.d == Postgres:
			p.next()
			if parent, ok := p.tableName(); ok {
				p.addWrite(parent)
			}
		default:
			p.next()
		}
	}
}

// renameTarget records the new name of a renamed table; an unqualified new
// name stays in the old table's schema.
func (p *parser) renameTarget(old Table) {
	n, ok := p.tableName()
	if !ok {
		return
	}
	if n.Schema == "" {
		n.Schema = old.Schema
	}
	p.addWrite(n)
}

// drop parses DROP ...
func (p *parser) drop(top bool) {
	p.next()
	if p.acceptKw(kwTEMPORARY) {
		p.temp = true
	}
	object, ok := p.relationObject()
	if !ok {
		if h, harmless := p.harmless(); harmless && h != "SCHEMA" && h != "DATABASE" {
			object = h
			p.ddlSummary("DROP", object)
			p.dropTail()
		} else {
			object = p.objectWord()
			p.ddlSummary("DROP", object)
			p.fail()
		}
	}
	if top {
		p.op = OpDrop
		p.object = object
	}
	switch object {
	case "TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE":
	case "INDEX":
		p.ddlSummary("DROP", object)
		p.acceptWord("CONCURRENTLY")
		p.ifExists()
		for !p.unknown {
			if _, ok := p.qualifiedName(); !ok {
				p.fail()
				return
			}
			if !p.acceptOp(',') {
				break
			}
		}
		if p.acceptKw(kwON) {
			if t, ok := p.tableName(); ok {
				p.addWrite(t)
			}
		}
		p.dropTail()
		return
	default:
		return
	}
	p.ddlSummary("DROP", object)
	p.ifExists()
	for !p.unknown {
		t, ok := p.tableName()
		if !ok {
			return
		}
		p.addWrite(t)
		if !p.acceptOp(',') {
			break
		}
	}
	p.dropTail()
}

func (p *parser) dropTail() {
	for !p.atEnd() && !p.unknown {
		if p.word("CASCADE") && p.d != MySQL {
			// Dependent objects are dropped too: not in the text.
			p.fail()
			return
		}
		p.next()
	}
}

// renameTable parses MySQL RENAME TABLE a TO b [, c TO d].
func (p *parser) renameTable(top bool) {
	p.next()
	if top {
		p.op = OpRename
	}
	if !p.acceptKw(kwTABLE) {
		if h, ok := p.harmless(); ok {
			p.ddlSummary("RENAME", h)
			if top {
				p.object = h
			}
			p.skipToEnd()
			return
		}
		p.fail()
		return
	}
	if top {
		p.object = "TABLE"
	}
	p.ddlSummary("RENAME", "TABLE")
	for !p.unknown {
		from, ok := p.tableName()
		if !ok {
			return
		}
		p.addWrite(from)
		if !p.acceptKw(kwTO) {
			p.fail()
			return
		}
		to, ok := p.tableName()
		if !ok {
			return
		}
		p.addWrite(to)
		if !p.acceptOp(',') {
			break
		}
	}
}

// copyStmt parses Postgres COPY.
func (p *parser) copyStmt(top bool) {
	p.next()
	if top {
		p.op = OpCopy
	}
	p.sumWord("COPY")
	if p.d == MySQL || p.d == SQLite {
		p.fail()
		return
	}
	if p.isOp('(') {
		p.next()
		p.query(false)
		p.expectOp(')')
		if !p.acceptKw(kwTO) {
			p.fail()
		}
		p.skipToEnd()
		return
	}
	t, ok := p.tableName()
	if !ok {
		return
	}
	if p.isOp('(') {
		p.skipBalanced()
	}
	switch {
	case p.acceptKw(kwFROM):
		p.addWrite(t)
	case p.acceptKw(kwTO):
		p.addRead(t)
	default:
		p.fail()
	}
	p.skipToEnd()
}

// load parses MySQL LOAD DATA / LOAD XML.
func (p *parser) load(top bool) {
	p.next()
	if top {
		p.op = OpLoad
	}
	p.sumWord("LOAD")
	if p.d != MySQL && p.d != Generic || !(p.word("DATA") || p.word("XML")) {
		if top {
			p.op = OpOther
		}
		p.skipToEnd()
		return
	}
	for !p.atEnd() && !(p.isKw(kwINTO) && p.kwAt(1) == kwTABLE) {
		p.next()
	}
	if !p.acceptKw(kwINTO) || !p.acceptKw(kwTABLE) {
		p.fail()
		return
	}
	if t, ok := p.tableName(); ok {
		p.addWrite(t)
	}
	p.skipToEnd()
}
