package client

import (
	"fmt"

	"github.com/flowspec/flowspec/dask/wire"
)

// chooseDialect picks the update-graph dialect for a scheduler at addr that
// reports distributed version ver (the `packages.distributed` field of its
// `versions` reply). Older or unreadable versions get an error that says
// what to do.
func chooseDialect(addr, ver string) (wire.Dialect, error) {
	v, err := supportedVersion(addr, ver)
	if err != nil {
		return 0, err
	}
	return v.Dialect(), nil
}

// supportedVersion reads ver, the distributed version a scheduler at addr
// reports, and refuses one flowspec cannot talk to.
func supportedVersion(addr, ver string) (wire.Version, error) {
	v, err := wire.ParseVersion(ver)
	if err != nil {
		//lint:ignore ST1005 the message begins with the name Dask, as users read it
		return v, fmt.Errorf("Dask scheduler at %s reports distributed version %q, which flowspec cannot read; flowspec supports 2023.4 and later", addr, ver)
	}
	if v.Dialect() == 0 {
		//lint:ignore ST1005 the message begins with the name Dask, as users read it
		return v, fmt.Errorf("Dask scheduler at %s runs distributed %s; flowspec supports 2023.4 and later (upgrade the cluster)", addr, ver)
	}
	return v, nil
}
