package client

import (
	"testing"

	"github.com/flowspec/flowspec/dask/wire"
)

func TestChooseDialect(t *testing.T) {
	tests := []struct {
		version string
		want    wire.Dialect
		err     string
	}{
		{"2026.8.0", wire.DialectExpr, ""},
		{"2025.4.0", wire.DialectExpr, ""},
		{"2025.4.0+12.g0123abc", wire.DialectExpr, ""},
		{"2025.3.0", wire.DialectHLG, ""},
		{"2024.12.1", wire.DialectHLG, ""},
		{"2023.9.0", wire.DialectHLG, ""},
		{"2023.8.0", wire.DialectHLGStringKeys, ""},
		{"2023.4.0", wire.DialectHLGStringKeys, ""},
		{"2023.3.2", 0, "Dask scheduler at tcp://h:1 runs distributed 2023.3.2; flowspec supports 2023.4 and later (upgrade the cluster)"},
		{"2022.12.1", 0, "Dask scheduler at tcp://h:1 runs distributed 2022.12.1; flowspec supports 2023.4 and later (upgrade the cluster)"},
		{"2025.10.0rc1", wire.DialectExpr, ""},
		{"", 0, `Dask scheduler at tcp://h:1 reports distributed version "", which flowspec cannot read; flowspec supports 2023.4 and later`},
	}
	for _, tt := range tests {
		d, err := chooseDialect("tcp://h:1", tt.version)
		if d != tt.want || (err == nil) != (tt.err == "") || err != nil && err.Error() != tt.err {
			t.Errorf("%q: %v, %v; want %v, %q", tt.version, d, err, tt.want, tt.err)
		}
	}
}
