package parse

import (
	"sync"
	"unicode/utf8"
)

// maxSummary is the db.query.summary length limit of the OpenTelemetry
// database conventions.
const maxSummary = 255

// maxText is the longest text Parse looks at; longer texts are Unknown.
const maxText = 1 << 26

type work struct {
	lx  lexer
	p   parser
	buf []byte // scratch: the summary followed by the sanitized text
}

var workPool = sync.Pool{New: func() any { return new(work) }}

// Parse classifies one statement text (which may hold several statements)
// in dialect d, without the memo: every call parses and returns a new
// [Statement]. Most callers want [Classify]. Parse never panics; text it
// does not understand yields a Statement with Unknown set.
func Parse(d Dialect, query string) *Statement {
	st, _ := parse(d.norm(), query)
	return st
}

// parse classifies q and reports where a trailing block comment that ends
// the text starts (-1 when there is none).
func parse(d Dialect, q string) (*Statement, int) {
	if len(q) > maxText {
		return &Statement{Dialect: d, Unknown: true}, -1
	}
	w := workPool.Get().(*work)
	lx := &w.lx
	toks := lx.toks[:0]
	if want := len(q)/3 + 16; cap(toks) < want && want <= 1<<14 {
		toks = make([]token, 0, want)
	}
	lx.reset(d, q, toks)
	lx.run()
	lx.toks = append(lx.toks, token{pos: int32(len(q)), end: int32(len(q)), kind: tEOF})
	p := &w.p
	p.reset(d, q, lx.toks)
	p.unknown = lx.bad
	st := p.run()
	// The summary and, when it differs from q, the sanitized text share
	// one string.
	sum := p.summary()
	if sanitizes(lx) {
		w.buf = append(w.buf[:0], sum...)
		w.buf = buildSanitized(lx, q, w.buf)
		both := string(w.buf)
		st.Summary, st.Sanitized = both[:len(sum)], both[len(sum):]
	} else {
		st.Summary, st.Sanitized = string(sum), q
	}
	if len(sum) == 0 && st.Op != OpUnknown {
		st.Summary = st.Op.String()
	}
	st.Params = int(lx.maxOrd)
	if st.Params == 0 {
		st.Params = len(lx.named)
	}
	tail := lx.tail
	if lx.bad {
		tail = -1
	}
	// Drop references into q before pooling.
	clearRefs(p.reads)
	clearRefs(p.writes)
	clearRefs(p.ctes)
	clearRefs(p.refs)
	clearRefs(p.valBuf)
	clearRefs(p.rowBuf)
	clearRefs(p.asgBuf)
	clearRefs(p.condBuf)
	clearRefs(p.strBuf)
	p.columns, p.rows, p.set, p.conflict, p.where = nil, nil, nil, nil, nil
	clearRefs(lx.named)
	p.toks = nil
	p.s = ""
	lx.s = ""
	if cap(lx.toks) > 1<<14 {
		lx.toks = nil
	}
	if cap(p.sum) > 1<<10 {
		p.sum = nil
	}
	if cap(w.buf) > 1<<12 {
		w.buf = nil
	}
	workPool.Put(w)
	return st, tail
}

// clearRefs zeroes the elements of s, skipping the call for an empty s.
func clearRefs[T any](s []T) {
	if len(s) > 0 {
		clear(s)
	}
}

// stmtBlock allocates a Statement with room for two tables (its reads and
// writes together).
type stmtBlock struct {
	st     Statement
	tables [2]Table
}

// eventBlock allocates a Statement with event data, with room for its first
// tables, a condition, a value and a row.
type eventBlock struct {
	stmtBlock
	cond [1]Condition
	vals [1]Value
	row  [1][]Value
}

// insertBlock4 and insertBlock8 allocate a Statement with room for up to 4
// or 8 column names (Columns and ConflictColumns together) and row values.
type insertBlock4 struct {
	eventBlock
	strs [4]string
	vals [4]Value
}

type insertBlock8 struct {
	eventBlock
	strs [8]string
	vals [8]Value
}

// run classifies every statement of the text and builds the result.
func (p *parser) run() *Statement {
	n := 0
	firstOp, writeOp := OpUnknown, OpUnknown
	for {
		for p.isOp(';') {
			p.next()
		}
		if p.cur().kind == tEOF {
			break
		}
		n++
		if n > 1 {
			p.multi = true
		}
		p.op = OpUnknown
		nw := len(p.writes)
		start := p.i
		p.statement(true)
		if p.op == OpUnknown && p.toks[start].kind == tIdent && p.toks[start].kw == kwWITH {
			p.op = p.guessOp(start)
		}
		if !p.atEnd() {
			p.fail()
			for !p.atEnd() {
				p.next()
			}
		}
		if n == 1 {
			firstOp = p.op
		}
		if writeOp == OpUnknown && (p.op.writes() || len(p.writes) > nw) {
			writeOp = p.op
		}
		if p.depth != 0 {
			p.depth = 0
		}
	}
	events := n > 0 && !p.multi &&
		(p.columns != nil || p.rows != nil || p.set != nil || p.conflict != nil || p.where != nil)
	var blk *stmtBlock
	var ev *eventBlock
	var strs []string // room for Columns and ConflictColumns
	var vals []Value  // room for the values of Rows
	if events {
		nv := 0
		for _, r := range p.rows {
			nv += len(r)
		}
		ns := len(p.columns) + len(p.conflict)
		switch {
		case nv+ns == 0:
			ev = &eventBlock{}
		case nv <= 4 && ns <= 4:
			b := &insertBlock4{}
			ev, strs, vals = &b.eventBlock, b.strs[:ns], b.vals[:nv]
		case nv <= 8 && ns <= 8:
			b := &insertBlock8{}
			ev, strs, vals = &b.eventBlock, b.strs[:ns], b.vals[:nv]
		default:
			ev = &eventBlock{}
		}
		blk = &ev.stmtBlock
	} else {
		blk = &stmtBlock{}
	}
	st := &blk.st
	st.Dialect = p.d
	st.Op = firstOp
	if p.multi && writeOp != OpUnknown {
		st.Op = writeOp
	}
	st.Multi = p.multi
	st.Unknown = p.unknown || n == 0
	if n > 0 && !p.multi {
		st.Object = p.object
		st.Savepoint = p.savepoint
	}
	if events {
		p.copyEvents(ev, strs, vals)
	}
	if nr, nw := len(p.reads), len(p.writes); nr+nw <= 8 {
		// Deduplicate on the stack, then copy into the block's room or
		// into one slice of the exact size.
		var buf [8]Table
		r := dedupeInto(buf[:0:nr], p.reads)
		w := dedupeInto(buf[len(r):len(r):len(r)+nw], p.writes)
		nt := len(r) + len(w)
		var ts []Table
		if nt <= len(blk.tables) {
			ts = blk.tables[:nt]
		} else {
			ts = make([]Table, nt)
		}
		copy(ts, buf[:nt])
		if len(r) > 0 {
			st.Reads = ts[:len(r):len(r)]
		}
		if len(w) > 0 {
			st.Writes = ts[len(r):nt:nt]
		}
	} else {
		st.Reads = dedupe(p.reads)
		st.Writes = dedupe(p.writes)
	}
	st.Locking = p.locking
	st.SelectInto = p.selectInto
	st.NonDeterministic = p.nd
	st.OpaqueCall = p.opaque
	st.TempTable = p.temp
	st.SystemCatalog = p.catalog
	st.Sequence = p.seq
	st.Returning = p.returning
	return st
}

// summary returns the summary text, cut to maxSummary bytes on a rune
// boundary.
func (p *parser) summary() []byte {
	sum := p.sum
	if len(sum) > maxSummary {
		cut := maxSummary
		for cut > 0 && !utf8.RuneStart(sum[cut]) {
			cut--
		}
		sum = sum[:cut]
		for len(sum) > 0 && sum[len(sum)-1] == ' ' {
			sum = sum[:len(sum)-1]
		}
	}
	return sum
}

// copyEvents copies the event data, views of the parser's scratch, into
// the result: into ev's room when they fit, and into strs and vals when
// they have the exact length needed, else into one new slice per kind. A
// nil view stays nil and an empty one empty.
func (p *parser) copyEvents(ev *eventBlock, strs []string, vals []Value) {
	st := &ev.st
	inline := true // ev.vals and ev.cond are free
	if p.where != nil {
		nv := 0
		for _, c := range p.where {
			nv += len(c.Values)
		}
		var conds []Condition
		var vals []Value
		if len(p.where) == 1 {
			conds = ev.cond[:]
		} else {
			conds = make([]Condition, len(p.where))
		}
		if nv == 1 {
			vals = ev.vals[:]
			inline = false
		} else {
			vals = make([]Value, nv)
		}
		off := 0
		for k, c := range p.where {
			n := copy(vals[off:], c.Values)
			conds[k] = Condition{Column: c.Column, Values: vals[off : off+n : off+n]}
			off += n
		}
		st.Where = conds
	}
	if p.rows != nil {
		nv := 0
		for _, r := range p.rows {
			nv += len(r)
		}
		var rows [][]Value
		if len(p.rows) == 1 {
			rows = ev.row[:]
		} else {
			rows = make([][]Value, len(p.rows))
		}
		if len(vals) != nv || vals == nil {
			if inline && nv <= len(ev.vals) {
				vals = ev.vals[:nv:nv]
			} else {
				vals = make([]Value, nv)
			}
		}
		off := 0
		for k, r := range p.rows {
			if r != nil {
				n := copy(vals[off:], r)
				rows[k] = vals[off : off+n : off+n]
				off += n
			}
		}
		st.Rows = rows
	}
	if p.columns != nil || p.conflict != nil {
		if ns := len(p.columns) + len(p.conflict); len(strs) != ns || strs == nil {
			strs = make([]string, ns)
		}
		nc := copy(strs, p.columns)
		copy(strs[nc:], p.conflict)
		if p.columns != nil {
			st.Columns = strs[:nc:nc]
		}
		if p.conflict != nil {
			st.ConflictColumns = strs[nc:]
		}
	}
	if p.set != nil {
		st.Set = make([]Assignment, len(p.set))
		copy(st.Set, p.set)
	}
}

// guessOp finds the operation of a WITH statement the parser gave up on:
// the first statement keyword outside parentheses after the WITH list.
func (p *parser) guessOp(start int) Op {
	depth := 0
	for k := start + 1; k < len(p.toks); k++ {
		t := &p.toks[k]
		if isOpTok(t, '(') {
			depth++
		} else if isOpTok(t, ')') {
			depth--
		} else if isOpTok(t, ';') || t.kind == tEOF {
			break
		} else if depth == 0 && t.kind == tIdent {
			switch t.kw {
			case kwSELECT:
				return OpSelect
			case kwINSERT:
				return OpInsert
			case kwUPDATE:
				return OpUpdate
			case kwDELETE:
				return OpDelete
			case kwMERGE:
				return OpMerge
			case kwREPLACE:
				return OpReplace
			}
		}
	}
	return OpUnknown
}

// dedupeInto appends the distinct tables of ts to out (which has room).
func dedupeInto(out, ts []Table) []Table {
next:
	for _, t := range ts {
		for _, o := range out {
			if o == t {
				continue next
			}
		}
		out = append(out, t)
	}
	return out[:len(out):len(out)]
}

// dedupe copies ts without repeated entries, keeping first appearances.
func dedupe(ts []Table) []Table {
	if len(ts) == 0 {
		return nil
	}
	out := make([]Table, 0, len(ts))
	if len(ts) > 32 {
		seen := make(map[Table]bool, len(ts))
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
		return out
	}
	return dedupeInto(out, ts)
}

// sanitizes reports whether the sanitized text differs from the text: it
// has literals or comments, whitespace other than single spaces between
// tokens, or a lexical error. The sanitized text has every literal replaced
// by ?, comments removed and whitespace runs collapsed.
func sanitizes(lx *lexer) bool {
	return lx.literals || lx.comments || lx.bad || lx.spaces
}

// buildSanitized appends the sanitized text to b: the tokens, separated by
// one space where whitespace or a comment stood, literals replaced by ?.
// Runs of q that come out unchanged are copied whole.
func buildSanitized(lx *lexer, q string, b []byte) []byte {
	toks := lx.toks[:len(lx.toks)-1]
	if !lx.comments && !lx.bad && !lx.spaces {
		// Tokens stand one space apart at most: only literals change.
		from := 0
		for k := range toks {
			if t := &toks[k]; t.kind == tString || t.kind == tNumber || t.kind == tDQStr {
				b = append(b, q[from:t.pos]...)
				b = append(b, '?')
				from = int(t.end)
			}
		}
		return append(b, q[from:]...)
	}
	from, to := 0, 0 // pending run q[from:to], copied unchanged
	for k := range toks {
		t := &toks[k]
		pos, end := int(t.pos), int(t.end)
		lit := t.kind == tString || t.kind == tNumber || t.kind == tDQStr
		if k > 0 && t.flags&fGap != 0 {
			if !lit && pos == to+1 && q[to] == ' ' {
				// The one space and the token extend the run.
				to = end
				continue
			}
			b = append(b, q[from:to]...)
			b = append(b, ' ')
			from, to = pos, pos
		} else if pos != to {
			b = append(b, q[from:to]...)
			from, to = pos, pos
		}
		if lit {
			b = append(b, q[from:to]...)
			b = append(b, '?')
			from, to = end, end
			continue
		}
		to = end
	}
	return append(b, q[from:to]...)
}
