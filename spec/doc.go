// Package spec reads flow files: YAML in, a typed and positioned Flow out,
// with every problem found on the way as Diagnostics that point at
// file:line:col.
//
// Parse runs the front end's stages in order, each reporting what it alone
// can see, so a user gets one good message per mistake:
//
//  1. YAML syntax (yaml.v3), one document per file; aliases are resolved
//     (self-reference and expansion bombs are errors, merge keys unsupported);
//  2. duplicate mapping keys, which yaml.v3 accepts silently;
//  3. the JSON schema (schemas/flowspec.schema.json, draft 2020-12), its
//     errors flattened to leaves, explained by the relevant anyOf branch and
//     mapped back to YAML nodes ("tasks.add.retries: expected an integer,
//     got a string", unknown fields with "did you mean");
//  4. decoding into Flow: durations, executor addresses, the version;
//     the schedule block is decoded (and reported on) by DecodeSchedule;
//  5. semantic checks against the operator registry: unknown operators and
//     parameters, required parameters, ${{ }} syntax and the names
//     expressions read (tasks, params, declared env, index), after:,
//     self-references and cycles, literal map: values that are not lists.
//
// Checks that need values (list lengths, types of computed values) belong
// to the compiler. Render shows Diagnostics as text with source snippets,
// as JSON, or as GitHub Actions annotations.
package spec
