package parse_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql/parse"
)

// Typical ORM statements, as GORM and ent write them.
var benchStatements = []struct {
	name string
	d    parse.Dialect
	q    string
}{
	{"pg/gorm-first", parse.Postgres, `SELECT * FROM "users" WHERE "users"."id" = $1 AND "users"."deleted_at" IS NULL ORDER BY "users"."id" LIMIT $2`},
	{"pg/gorm-create", parse.Postgres, `INSERT INTO "users" ("created_at","updated_at","deleted_at","name","email","age") VALUES ($1,$2,$3,$4,$5,$6) RETURNING "id"`},
	{"pg/gorm-update", parse.Postgres, `UPDATE "users" SET "name"=$1,"updated_at"=$2 WHERE "users"."id" = $3 AND "users"."deleted_at" IS NULL`},
	{"pg/gorm-preload", parse.Postgres, `SELECT * FROM "orders" WHERE "orders"."user_id" IN ($1,$2,$3) AND "orders"."deleted_at" IS NULL`},
	{"pg/gorm-join", parse.Postgres, `SELECT "orders"."id","orders"."total","User"."id" AS "User__id","User"."name" AS "User__name" FROM "orders" LEFT JOIN "users" "User" ON "orders"."user_id" = "User"."id" AND "User"."deleted_at" IS NULL WHERE "orders"."deleted_at" IS NULL`},
	{"pg/ent-select", parse.Postgres, `SELECT DISTINCT "users"."id", "users"."age", "users"."name" FROM "users" WHERE "users"."age" > $1 ORDER BY "users"."id" LIMIT 10`},
	{"mysql/gorm-first", parse.MySQL, "SELECT * FROM `users` WHERE `users`.`id` = ? AND `users`.`deleted_at` IS NULL ORDER BY `users`.`id` LIMIT 1"},
	{"mysql/gorm-create", parse.MySQL, "INSERT INTO `users` (`created_at`,`updated_at`,`deleted_at`,`name`,`email`,`age`) VALUES (?,?,?,?,?,?)"},
	{"mysql/gorm-upsert", parse.MySQL, "INSERT INTO `users` (`id`,`name`,`age`) VALUES (?,?,?) ON DUPLICATE KEY UPDATE `name`=VALUES(`name`),`age`=VALUES(`age`)"},
	{"mysql/gorm-delete", parse.MySQL, "UPDATE `users` SET `deleted_at`=? WHERE `users`.`id` = ? AND `users`.`deleted_at` IS NULL"},
	{"sqlite/gorm-first", parse.SQLite, "SELECT * FROM `users` WHERE `users`.`id` = ? AND `users`.`deleted_at` IS NULL ORDER BY `users`.`id` LIMIT 1"},
	{"sqlite/gorm-create", parse.SQLite, "INSERT INTO `users` (`created_at`,`updated_at`,`name`) VALUES (?,?,?) RETURNING `id`"},
	{"sqlite/sqlx-select", parse.SQLite, `SELECT id, name, email FROM users WHERE email = ? LIMIT 1`},
}

// BenchmarkClassify measures classification without the memo.
func BenchmarkClassify(b *testing.B) {
	for _, s := range benchStatements {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			start, ok := threadCPU()
			for b.Loop() {
				parse.Parse(s.d, s.q)
			}
			if end, ok2 := threadCPU(); ok && ok2 {
				b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

// BenchmarkClassifyMemoHit measures a memo hit, which must not allocate.
func BenchmarkClassifyMemoHit(b *testing.B) {
	for _, s := range benchStatements[:1] {
		parse.Classify(s.d, s.q)
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				parse.Classify(s.d, s.q)
			}
		})
	}
	c := benchStatements[0].q + " /*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/"
	parse.Classify(parse.Postgres, c)
	b.Run("pg/sqlcommenter", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			parse.Classify(parse.Postgres, c)
		}
	})
	b.Run("pg/parallel", func(b *testing.B) {
		b.ReportAllocs()
		q := benchStatements[0].q
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				parse.Classify(parse.Postgres, q)
			}
		})
	})
}

var benchSink int

// BenchmarkBaseline measures strings.Fields and strings.ToUpper over the
// first benchmark statement: a yardstick for the speed of the machine the
// other figures come from.
func BenchmarkBaseline(b *testing.B) {
	q := benchStatements[0].q
	b.Run("strings.Fields", func(b *testing.B) {
		for b.Loop() {
			benchSink += len(strings.Fields(q))
		}
	})
	b.Run("strings.ToUpper", func(b *testing.B) {
		for b.Loop() {
			benchSink += len(strings.ToUpper(q))
		}
	})
}
