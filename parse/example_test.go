package parse_test

import (
	"fmt"

	"github.com/deeperhub/dhsql/parse"
)

func ExampleClassify() {
	st := parse.Classify(parse.Postgres,
		`SELECT * FROM "users" WHERE "users"."id" = $1 AND "users"."deleted_at" IS NULL ORDER BY "users"."id" LIMIT 1`)
	fmt.Println(st.Op, st.Reads, st.Cacheable())
	fmt.Println(st.Summary)
	fmt.Println(st.Where[0].Column, "= arg", st.Where[0].Values[0].Arg)
	// Output:
	// SELECT [users] true
	// SELECT users
	// id = arg 1
}

func ExampleClassify_insert() {
	st := parse.Classify(parse.MySQL,
		"INSERT INTO `orders` (`user_id`,`total`) VALUES (?,?),(?,?) ON DUPLICATE KEY UPDATE `total`=VALUES(`total`)")
	fmt.Println(st.Op, st.Writes, st.IsWrite())
	fmt.Println(st.Columns)
	for _, row := range st.Rows {
		fmt.Println(row[0].Arg, row[1].Arg)
	}
	// Output:
	// UPSERT [orders] true
	// [user_id total]
	// 1 2
	// 3 4
}

func ExampleTable_In() {
	a := parse.Classify(parse.Postgres, `SELECT * FROM items`).Reads[0]
	b := parse.Classify(parse.Postgres, `SELECT * FROM "public"."items"`).Reads[0]
	fmt.Println(a == b, a.In("public") == b.In("public"))
	// Output: false true
}

func ExampleStatement_Cacheable() {
	for _, q := range []string{
		`SELECT * FROM items WHERE id = $1`,
		`SELECT * FROM items WHERE id = $1 FOR UPDATE`,
		`SELECT * FROM items WHERE created_at > now()`,
		`SELECT * FROM items WHERE`,
	} {
		st := parse.Classify(parse.Postgres, q)
		fmt.Println(st.Cacheable(), st.Locking, st.NonDeterministic, st.Unknown)
	}
	// Output:
	// true false false false
	// false true false false
	// false false true false
	// false false false true
}

func ExampleParse() {
	st := parse.Parse(parse.SQLite, `UPDATE users SET name = :name WHERE id = :id RETURNING id`)
	fmt.Println(st.Op, st.Writes, st.Returning, st.Sanitized)
	fmt.Println(st.Set[0].Column, st.Set[0].Value.Name, st.Where[0].Column, st.Where[0].Values[0].Name)
	// Output:
	// UPDATE [users] true UPDATE users SET name = :name WHERE id = :id RETURNING id
	// name name id id
}

func ExampleNewMemo() {
	m := parse.NewMemo(1024, 1<<20)
	a := m.Classify(parse.Postgres, `SELECT * FROM items /*traceparent='00-01-02-01'*/`)
	b := m.Classify(parse.Postgres, `SELECT * FROM items /*traceparent='00-03-04-01'*/`)
	fmt.Println(a == b, m.Len(), a.Summary)
	// Output: true 1 SELECT items
}
