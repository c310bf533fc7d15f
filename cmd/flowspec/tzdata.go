package main

// The IANA time zone database is compiled into the binary (about 450 kB), so
// a `timezone:` schedule works where the host has no zoneinfo files: a
// FROM-scratch container image, a distroless pod, a minimal VM. Go still
// prefers the host's files (ZONEINFO, then /usr/share/zoneinfo) when present.
import _ "time/tzdata"
