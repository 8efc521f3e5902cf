package difftest

import (
	"fmt"
	"reflect"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // value expressions
)

// Tables is what a real parser says a statement reads and writes.
type Tables struct {
	Reads, Writes []Table
	// Exact is false when only the union of Reads and Writes can be
	// compared (MySQL multi-table UPDATE and DELETE, whose written tables
	// the grammar does not decide).
	Exact bool
}

// Table is a schema-qualified table name, normalized like dhsql's.
type Table struct{ Schema, Name string }

// String returns schema.name, or name without a schema.
func (t Table) String() string {
	if t.Schema == "" {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// MySQLTables parses sql with TiDB's MySQL grammar and collects its tables.
func MySQLTables(sql string) (Tables, error) {
	p := parser.New()
	stmts, _, err := p.ParseSQL(sql)
	if err != nil {
		return Tables{}, err
	}
	if len(stmts) == 0 {
		return Tables{}, fmt.Errorf("no statement")
	}
	w := &myWalker{exact: true}
	for _, s := range stmts {
		w.stmt(s)
	}
	return Tables{Reads: w.reads, Writes: w.writes, Exact: w.exact}, nil
}

type myWalker struct {
	reads, writes []Table
	ctes          [][]string
	exact         bool
	write         bool // TableName nodes are written tables
}

func (w *myWalker) isCTE(t *ast.TableName) bool {
	if t.Schema.L != "" {
		return false
	}
	for _, scope := range w.ctes {
		for _, n := range scope {
			if n == t.Name.L {
				return true
			}
		}
	}
	return false
}

func (w *myWalker) add(t *ast.TableName, write bool) {
	if t == nil || w.isCTE(t) {
		return
	}
	tb := Table{Schema: t.Schema.L, Name: t.Name.L}
	if write {
		w.writes = append(w.writes, tb)
	} else {
		w.reads = append(w.reads, tb)
	}
}

func (w *myWalker) walk(n ast.Node) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	n.Accept(w)
}

func (w *myWalker) pushWith(with *ast.WithClause) {
	var names []string
	if with != nil {
		for _, c := range with.CTEs {
			names = append(names, c.Name.L)
		}
	}
	w.ctes = append(w.ctes, names)
}

func (w *myWalker) pop() { w.ctes = w.ctes[:len(w.ctes)-1] }

// single returns the one table of a table reference list, if it is one.
func single(c *ast.TableRefsClause) *ast.TableName {
	if c == nil || c.TableRefs == nil || c.TableRefs.Right != nil {
		return nil
	}
	ts, ok := c.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return nil
	}
	tn, _ := ts.Source.(*ast.TableName)
	return tn
}

func (w *myWalker) stmt(s ast.StmtNode) {
	switch s.(type) {
	case *ast.ShowStmt, *ast.CallStmt, *ast.BeginStmt, *ast.CommitStmt, *ast.RollbackStmt, *ast.UseStmt:
	default:
		w.walk(s)
	}
}

func (w *myWalker) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.TableName:
		w.add(x, false)
		return n, true
	case *ast.SelectStmt:
		w.pushWith(x.With)
	case *ast.SetOprStmt:
		w.pushWith(x.With)
	case *ast.InsertStmt:
		if tn := single(x.Table); tn != nil {
			w.add(tn, true)
		} else {
			w.exact = false
			w.walk(x.Table)
		}
		for _, row := range x.Lists {
			for _, e := range row {
				w.walk(e)
			}
		}
		w.walk(x.Select)
		for _, a := range x.OnDuplicate {
			w.walk(a.Expr)
		}
		return n, true
	case *ast.UpdateStmt:
		w.pushWith(x.With)
		if x.With != nil {
			w.walk(x.With)
		}
		if tn := single(x.TableRefs); tn != nil {
			w.add(tn, true)
		} else {
			w.exact = false
			w.walk(x.TableRefs)
		}
		for _, a := range x.List {
			w.walk(a.Expr)
		}
		w.walk(x.Where)
		w.walk(x.Order)
		w.walk(x.Limit)
		w.pop()
		return n, true
	case *ast.DeleteStmt:
		w.pushWith(x.With)
		if x.With != nil {
			w.walk(x.With)
		}
		if tn := single(x.TableRefs); tn != nil && !x.IsMultiTable {
			w.add(tn, true)
		} else {
			w.exact = false
			w.walk(x.TableRefs)
		}
		w.walk(x.Where)
		w.walk(x.Order)
		w.walk(x.Limit)
		w.pop()
		return n, true
	case *ast.CreateTableStmt:
		w.add(x.Table, true)
		w.add(x.ReferTable, false)
		w.walk(x.Select)
		return n, true
	case *ast.DropTableStmt:
		for _, t := range x.Tables {
			w.add(t, true)
		}
		return n, true
	case *ast.TruncateTableStmt:
		w.add(x.Table, true)
		return n, true
	case *ast.RenameTableStmt:
		for _, tt := range x.TableToTables {
			w.add(tt.OldTable, true)
			w.add(tt.NewTable, true)
		}
		return n, true
	case *ast.AlterTableStmt:
		w.add(x.Table, true)
		for _, s := range x.Specs {
			if s.Tp == ast.AlterTableRenameTable && s.NewTable != nil {
				w.add(s.NewTable, true)
			}
		}
		return n, true
	case *ast.CreateIndexStmt:
		w.add(x.Table, true)
		return n, true
	case *ast.DropIndexStmt:
		w.add(x.Table, true)
		return n, true
	case *ast.CreateViewStmt:
		w.add(x.ViewName, true)
		w.walk(x.Select)
		return n, true
	case *ast.LoadDataStmt:
		w.add(x.Table, true)
		return n, true
	case *ast.ExplainStmt:
		if !x.Analyze {
			nw := len(w.writes)
			w.walk(x.Stmt)
			w.writes = w.writes[:nw]
			return n, true
		}
	}
	return n, false
}

func (w *myWalker) Leave(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		w.pop()
	}
	return n, true
}
