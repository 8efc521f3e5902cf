package conformance_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql/conformance"
)

var update = flag.Bool("update", false, "rewrite the optional-interface table in README.md")

func TestConformance(t *testing.T) {
	for _, tg := range conformance.Targets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			t.Parallel()
			conformance.Run(t, tg)
		})
	}
}

// TestFake runs the fake driver's checks: the wrapper's fallbacks for
// inner drivers without the optional interfaces.
func TestFake(t *testing.T) {
	for _, tg := range conformance.FakeTargets(t) {
		t.Run(tg.Name, func(t *testing.T) {
			t.Parallel()
			conformance.RunChecks(t, tg, conformance.FakeChecks())
		})
	}
}

const (
	tableBegin = "<!-- interfaces:begin (go test -run TestInterfacesTable -update) -->\n"
	tableEnd   = "<!-- interfaces:end -->\n"
)

// TestInterfacesTable probes the optional interfaces of the four raw
// drivers and checks that README.md shows them as they are.
func TestInterfacesTable(t *testing.T) {
	probes := map[string]*conformance.Probe{}
	var drivers []string
	for _, tg := range conformance.Targets(t) {
		if _, ok := probes[tg.RawDriver]; ok {
			continue
		}
		conformance.MustReach(t, tg)
		copyTable := ""
		if tg.CopyIn {
			copyTable = conformance.CopyTable(t, tg)
		}
		code := conformance.CodeConnector(t, tg)
		probes[tg.RawDriver] = conformance.ProbeInterfaces(t, tg.RawDriver, tg.DSN, copyTable, code, false)
		drivers = append(drivers, tg.RawDriver)
	}
	table := conformance.InterfacesTable(drivers, probes)
	t.Logf("optional interfaces of the raw drivers:\n%s", table)

	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i := strings.Index(text, tableBegin)
	j := strings.Index(text, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q … %q section", tableBegin, tableEnd)
	}
	current := text[i+len(tableBegin) : j]
	if current == table {
		return
	}
	if *update {
		text = text[:i+len(tableBegin)] + table + text[j:]
		if err := os.WriteFile("README.md", []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's interface table is out of date (run go test -run TestInterfacesTable -update):\nwant:\n%s", table)
}
