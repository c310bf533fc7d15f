// Package schemas embeds the JSON schema of flow files, so the binary validates
// with exactly the schema editors are pointed at and no file has to ship beside it.
package schemas

import _ "embed"

// Flow is schemas/flowspec.schema.json (draft 2020-12). spec validates every
// flow file against it; editors read the same file through the
// yaml-language-server comment at the top of a flow.
//
//go:embed flowspec.schema.json
var Flow []byte

// FlowID is the schema's $id, the URL it is compiled under: a stable
// address that names the language version it describes (version: 1 in a
// flow), so a later language gets a new address and editors pointed at this
// one keep working.
const FlowID = "https://flowspec.dev/schemas/v1/flowspec.schema.json"
