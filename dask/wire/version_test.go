package wire

import "testing"

func TestVersion(t *testing.T) {
	for s, want := range map[string]Version{
		"2024.12.1":        {2024, 12, 1},
		"2025.4.0+12.gabc": {2025, 4, 0},
		"2026.8.0rc1":      {2026, 8, 0},
		"2023.4":           {2023, 4, 0},
	} {
		got, err := ParseVersion(s)
		if err != nil || got != want {
			t.Errorf("ParseVersion(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseVersion("main"); err == nil {
		t.Error("ParseVersion(main) succeeded")
	}
	old, _ := ParseVersion("2025.2.0")
	cur, _ := ParseVersion("2025.3.0")
	if !(Version{2024, 6, 0}).TakesSpanMetadata() || (Version{2024, 5, 0}).TakesSpanMetadata() {
		t.Error("TakesSpanMetadata boundary is not 2024.6")
	}
	if old.CancelNeedsReason() || !cur.CancelNeedsReason() {
		t.Error("CancelNeedsReason boundary is not 2025.3")
	}
}

// TestParseVersionForms reads what schedulers report: releases, versioneer
// builds from a git checkout (+N.gHASH, .dirty), setuptools-scm dev builds,
// pre-releases, and a release without its patch number. Each is read as its
// release; what has no YEAR.MONTH is refused.
func TestParseVersionForms(t *testing.T) {
	for s, want := range map[string]Version{
		"2026.8.0":                  {2026, 8, 0},
		"2024.12.1":                 {2024, 12, 1},
		"2023.4.0":                  {2023, 4, 0},
		"2024.1.1+12.gabcdef":       {2024, 1, 1},
		"2024.1.1+12.gabcdef.dirty": {2024, 1, 1},
		"2025.4.0.dev3+g0123abc":    {2025, 4, 0},
		"2026.8.0rc1":               {2026, 8, 0},
		"2025.10.0a2":               {2025, 10, 0},
		"2024.6.2.post1":            {2024, 6, 2},
		"2024.12rc1":                {2024, 12, 0},
		"2023.4":                    {2023, 4, 0},
		"2024.1.1.1":                {2024, 1, 1},
		"2.30.1":                    {2, 30, 1},
	} {
		got, err := ParseVersion(s)
		if err != nil || got != want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "main", "0+unknown", "2024", "2024.", "2024rc1.1", ".2024.1", "v2024.1.0", "2024.x.1", "2024.1.99999999999999999999"} {
		if v, err := ParseVersion(s); err == nil {
			t.Errorf("ParseVersion(%q) = %v, want an error", s, v)
		}
	}
}

// TestVersionDialect checks the dialect boundaries, a dev build reading as
// its release.
func TestVersionDialect(t *testing.T) {
	for s, want := range map[string]Dialect{
		"2023.3.2":             0,
		"2023.4.0":             DialectHLGStringKeys,
		"2023.8.1":             DialectHLGStringKeys,
		"2023.9.0":             DialectHLG,
		"2025.3.0+4.gabc":      DialectHLG,
		"2025.4.0":             DialectExpr,
		"2025.4.0.dev1+gabcde": DialectExpr,
		"2026.8.0":             DialectExpr,
	} {
		v, err := ParseVersion(s)
		if err != nil || v.Dialect() != want {
			t.Errorf("%q: dialect %v, %v; want %v", s, v.Dialect(), err, want)
		}
	}
}
