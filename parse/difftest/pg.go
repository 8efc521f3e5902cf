package difftest

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgresTables parses sql with Postgres's grammar (libpg_query) and
// collects its tables.
func PostgresTables(sql string) (Tables, error) {
	res, err := pg.Parse(sql)
	if err != nil {
		return Tables{}, err
	}
	if len(res.GetStmts()) == 0 {
		return Tables{}, fmt.Errorf("no statement")
	}
	w := &pgWalker{}
	for _, s := range res.GetStmts() {
		w.node(s.GetStmt())
	}
	return Tables{Reads: w.reads, Writes: w.writes, Exact: true}, nil
}

type pgWalker struct {
	reads, writes []Table
	ctes          []string
	write         bool // RangeVars met are written (ALTER TABLE commands)
}

func (w *pgWalker) rv(r *pg.RangeVar, write bool) {
	if r == nil {
		return
	}
	if r.GetSchemaname() == "" {
		for _, c := range w.ctes {
			if c == r.GetRelname() {
				return
			}
		}
	}
	t := Table{Schema: r.GetSchemaname(), Name: r.GetRelname()}
	if write || w.write {
		w.writes = append(w.writes, t)
	} else {
		w.reads = append(w.reads, t)
	}
}

func (w *pgWalker) node(n *pg.Node) {
	if n == nil {
		return
	}
	w.msg(n.ProtoReflect())
}

func (w *pgWalker) fields(m protoreflect.Message, skip ...string) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		for _, s := range skip {
			if string(fd.Name()) == s {
				return true
			}
		}
		if fd.Message() == nil || fd.IsMap() {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				w.msg(l.Get(i).Message())
			}
			return true
		}
		w.msg(v.Message())
		return true
	})
}

func (w *pgWalker) with(wc *pg.WithClause) int {
	if wc == nil {
		return 0
	}
	base := len(w.ctes)
	if wc.GetRecursive() {
		for _, c := range wc.GetCtes() {
			w.ctes = append(w.ctes, c.GetCommonTableExpr().GetCtename())
		}
		for _, c := range wc.GetCtes() {
			w.node(c.GetCommonTableExpr().GetCtequery())
		}
	} else {
		for _, c := range wc.GetCtes() {
			w.node(c.GetCommonTableExpr().GetCtequery())
			w.ctes = append(w.ctes, c.GetCommonTableExpr().GetCtename())
		}
	}
	return len(w.ctes) - base
}

func (w *pgWalker) pop(n int) { w.ctes = w.ctes[:len(w.ctes)-n] }

var tableObjects = map[pg.ObjectType]bool{
	pg.ObjectType_OBJECT_TABLE: true, pg.ObjectType_OBJECT_VIEW: true, pg.ObjectType_OBJECT_MATVIEW: true,
	pg.ObjectType_OBJECT_SEQUENCE: true, pg.ObjectType_OBJECT_FOREIGN_TABLE: true,
}

func (w *pgWalker) msg(m protoreflect.Message) {
	if !m.IsValid() {
		return
	}
	switch x := m.Interface().(type) {
	case *pg.RangeVar:
		w.rv(x, false)
	case *pg.SelectStmt:
		n := w.with(x.GetWithClause())
		w.fields(m, "with_clause")
		w.pop(n)
	case *pg.InsertStmt:
		n := w.with(x.GetWithClause())
		w.rv(x.GetRelation(), true)
		w.fields(m, "with_clause", "relation")
		w.pop(n)
	case *pg.UpdateStmt:
		n := w.with(x.GetWithClause())
		w.rv(x.GetRelation(), true)
		w.fields(m, "with_clause", "relation")
		w.pop(n)
	case *pg.DeleteStmt:
		n := w.with(x.GetWithClause())
		w.rv(x.GetRelation(), true)
		w.fields(m, "with_clause", "relation")
		w.pop(n)
	case *pg.MergeStmt:
		n := w.with(x.GetWithClause())
		w.rv(x.GetRelation(), true)
		w.fields(m, "with_clause", "relation")
		w.pop(n)
	case *pg.TruncateStmt:
		for _, r := range x.GetRelations() {
			w.rv(r.GetRangeVar(), true)
		}
	case *pg.IntoClause:
		w.rv(x.GetRel(), true)
	case *pg.CreateStmt:
		w.rv(x.GetRelation(), true)
		for _, r := range x.GetInhRelations() {
			w.rv(r.GetRangeVar(), true)
		}
		w.fields(m, "relation", "inh_relations")
	case *pg.Constraint:
		w.fields(m, "pktable")
	case *pg.ViewStmt:
		w.rv(x.GetView(), true)
		w.node(x.GetQuery())
	case *pg.IndexStmt:
		w.rv(x.GetRelation(), true)
	case *pg.AlterTableStmt:
		if x.GetObjtype() == pg.ObjectType_OBJECT_INDEX {
			return
		}
		w.rv(x.GetRelation(), true)
		save := w.write
		w.write = true
		for _, c := range x.GetCmds() {
			w.node(c)
		}
		w.write = save
	case *pg.RenameStmt:
		if !tableObjects[x.GetRelationType()] && !tableObjects[x.GetRenameType()] {
			return
		}
		w.rv(x.GetRelation(), true)
		if tableObjects[x.GetRenameType()] {
			w.writes = append(w.writes, Table{Schema: x.GetRelation().GetSchemaname(), Name: x.GetNewname()})
		}
	case *pg.AlterObjectSchemaStmt:
		if tableObjects[x.GetObjectType()] {
			w.rv(x.GetRelation(), true)
			w.writes = append(w.writes, Table{Schema: x.GetNewschema(), Name: x.GetRelation().GetRelname()})
		}
	case *pg.DropStmt:
		if !tableObjects[x.GetRemoveType()] {
			return
		}
		for _, o := range x.GetObjects() {
			var parts []string
			for _, item := range o.GetList().GetItems() {
				parts = append(parts, item.GetString_().GetSval())
			}
			switch len(parts) {
			case 1:
				w.writes = append(w.writes, Table{Name: parts[0]})
			case 2, 3:
				w.writes = append(w.writes, Table{Schema: parts[len(parts)-2], Name: parts[len(parts)-1]})
			}
		}
	case *pg.CopyStmt:
		w.rv(x.GetRelation(), x.GetIsFrom())
		w.node(x.GetQuery())
	case *pg.RefreshMatViewStmt:
		w.rv(x.GetRelation(), true)
	case *pg.CreateSeqStmt:
		w.rv(x.GetSequence(), true)
	case *pg.AlterSeqStmt:
		w.rv(x.GetSequence(), true)
	case *pg.LockingClause:
		// FOR UPDATE OF names tables already in FROM.
	case *pg.ExplainStmt:
		analyze := false
		for _, o := range x.GetOptions() {
			d := o.GetDefElem()
			if strings.EqualFold(d.GetDefname(), "analyze") {
				analyze = d.GetArg() == nil || d.GetArg().GetBoolean().GetBoolval() ||
					strings.EqualFold(d.GetArg().GetString_().GetSval(), "true") ||
					strings.EqualFold(d.GetArg().GetString_().GetSval(), "on")
			}
		}
		nw := len(w.writes)
		w.node(x.GetQuery())
		if !analyze {
			w.writes = w.writes[:nw]
		}
	case *pg.LockStmt, *pg.VacuumStmt, *pg.GrantStmt, *pg.PrepareStmt, *pg.CreateTrigStmt,
		*pg.RuleStmt, *pg.CreatePolicyStmt, *pg.CommentStmt, *pg.ClusterStmt, *pg.ReindexStmt,
		*pg.VariableShowStmt, *pg.DeclareCursorStmt:
	default:
		w.fields(m)
	}
}
