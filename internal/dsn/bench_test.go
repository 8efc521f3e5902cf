package dsn_test

import (
	"testing"

	"github.com/deeperhub/dhsql/internal/dsn"
)

var benchDSNs = []struct {
	name string
	form dsn.Form
	in   string
}{
	{"postgres-url/none", dsn.Postgres, "postgres://user:p%40ss@db.internal:5432/orders?sslmode=verify-full&application_name=orders-api&connect_timeout=5"},
	{"postgres-url/3", dsn.Postgres, "postgres://user:p%40ss@db.internal:5432/orders?sslmode=verify-full&dh_cache=on&application_name=orders-api&dh_cache_ttl=30s&connect_timeout=5&dh_kafka_brokers=k1%3A9092%2Ck2%3A9092"},
	{"postgres-kv/none", dsn.Postgres, "host=db.internal port=5432 dbname=orders user=app password='s3cr3t pw' sslmode=verify-full application_name=orders-api"},
	{"postgres-kv/3", dsn.Postgres, "host=db.internal port=5432 dbname=orders user=app password='s3cr3t pw' dh_cache=on sslmode=verify-full dh_cache_ttl=30s application_name=orders-api dh_kafka_brokers=k1:9092,k2:9092"},
	{"mysql/none", dsn.MySQL, "app:s3cr3t@tcp(db.internal:3306)/orders?parseTime=true&loc=UTC&timeout=5s&charset=utf8mb4"},
	{"mysql/3", dsn.MySQL, "app:s3cr3t@tcp(db.internal:3306)/orders?parseTime=true&dh_cache=on&loc=UTC&dh_cache_ttl=30s&timeout=5s&dh_kafka_brokers=k1%3A9092%2Ck2%3A9092"},
	{"sqlite/none", dsn.SQLite, "file:/var/lib/app/orders.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_txlock=immediate"},
	{"sqlite/3", dsn.SQLite, "file:/var/lib/app/orders.db?_pragma=busy_timeout(5000)&dh_cache=on&_txlock=immediate&dh_cache_ttl=30s&dh_kafka_brokers=k1%3A9092%2Ck2%3A9092"},
}

func BenchmarkSplit(b *testing.B) {
	for _, c := range benchDSNs {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := dsn.Split(c.form, c.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseTarget(b *testing.B) {
	for _, c := range benchDSNs {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = dsn.ParseTarget(c.form, c.in)
			}
		})
	}
}
