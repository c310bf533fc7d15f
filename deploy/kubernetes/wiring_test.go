package kubernetes

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// doc is one YAML document of a manifest, decoded generically.
type doc map[string]any

// readDocs decodes every document of a manifest file.
func readDocs(t *testing.T, file string) []doc {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []doc
	for dec := yaml.NewDecoder(f); ; {
		var d doc
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		docs = append(docs, d)
	}
}

// dig follows keys (strings) and list indices (ints) down a document; nil
// when a step is missing.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			if d, ok := v.(doc); ok {
				v = map[string]any(d)
			}
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// ofKind returns the documents of one kind across the manifests.
func ofKind(docs []doc, kind string) []doc {
	var out []doc
	for _, d := range docs {
		if d["kind"] == kind {
			out = append(out, d)
		}
	}
	return out
}

// name is a document's metadata.name.
func name(d doc) string { s, _ := dig(d, "metadata", "name").(string); return s }

// env returns a container's environment as a map.
func env(container any) map[string]string {
	out := map[string]string{}
	list, _ := dig(container, "env").([]any)
	for _, e := range list {
		n, _ := dig(e, "name").(string)
		v, _ := dig(e, "value").(string)
		out[n] = v
	}
	return out
}

// firstContainer is the first container of the pod spec at path in d.
func firstContainer(d doc, path ...any) any {
	return dig(d, append(path, "containers", 0)...)
}

// daskClusterName checks the DaskCluster's name against the operator's rule
// (a DNS label short enough for "-scheduler") and returns it.
func daskClusterName(t *testing.T, docs []doc) string {
	t.Helper()
	clusters := ofKind(docs, "DaskCluster")
	if len(clusters) != 1 {
		t.Fatalf("want one DaskCluster in deploy/kubernetes, found %d", len(clusters))
	}
	n := name(clusters[0])
	if len(n) > 53 || !regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`).MatchString(n) {
		t.Errorf("DaskCluster name %q: the operator wants at most 53 lowercase letters, digits and '-'", n)
	}
	return n
}

// TestDaskClustersShape: one scheduler with work stealing off and two
// workers, in the DaskCluster and in the DaskJob's cluster, each Service
// selecting its own cluster's scheduler.
func TestDaskClustersShape(t *testing.T) {
	_, docs := manifests(t)
	daskClusterName(t, docs)
	for _, d := range append(ofKind(docs, "DaskCluster"), ofKind(docs, "DaskJob")...) {
		spec := dig(d, "spec")
		if d["kind"] == "DaskJob" {
			spec = dig(d, "spec", "cluster", "spec")
		}
		if got := env(dig(spec, "scheduler", "spec", "containers", 0))["DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING"]; got != "False" {
			t.Errorf("%s %s: scheduler's DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING is %q, want \"False\"", d["kind"], name(d), got)
		}
		if got := dig(spec, "worker", "replicas"); got != 2 {
			t.Errorf("%s %s: worker replicas %v, want 2", d["kind"], name(d), got)
		}
		if got := dig(spec, "scheduler", "service", "selector", "dask.org/cluster-name"); got != name(d) {
			t.Errorf("%s %s: the scheduler Service selects cluster %v, not its own", d["kind"], name(d), got)
		}
	}
}

// TestRunnersReachScheduler: the CronJob and the Deployment name the
// DaskCluster's scheduler Service in FLOWSPEC_DASK_ADDRESS, the DaskJob's
// runner selects Dask for the address the operator gives it, and every flow
// they run is one of examples/ (what the ConfigMap command in the docs takes).
func TestRunnersReachScheduler(t *testing.T) {
	_, docs := manifests(t)
	want := "tcp://" + daskClusterName(t, docs) + "-scheduler:8786"
	runners := map[string]any{}
	for _, d := range ofKind(docs, "CronJob") {
		runners["CronJob "+name(d)] = firstContainer(d, "spec", "jobTemplate", "spec", "template", "spec")
	}
	for _, d := range ofKind(docs, "Deployment") {
		runners["Deployment "+name(d)] = firstContainer(d, "spec", "template", "spec")
	}
	for what, c := range runners {
		if got := env(c)["FLOWSPEC_DASK_ADDRESS"]; got != want {
			t.Errorf("%s: FLOWSPEC_DASK_ADDRESS is %q, want %q", what, got, want)
		}
	}
	for _, d := range ofKind(docs, "DaskJob") {
		c := firstContainer(d, "spec", "job", "spec")
		runners["DaskJob "+name(d)] = c
		if got := env(c)["FLOWSPEC_EXECUTOR"]; got != "dask" {
			t.Errorf("DaskJob %s: the runner's FLOWSPEC_EXECUTOR is %q, want \"dask\" (DASK_SCHEDULER_ADDRESS alone does not select Dask)", name(d), got)
		}
	}
	if len(runners) < 3 {
		t.Fatalf("want a CronJob, a Deployment and a DaskJob running flowspec, found %d runners", len(runners))
	}
	for what, c := range runners {
		checkFlowArg(t, what, c)
	}
}

// checkFlowArg checks a runner's flow file (/flows/NAME) is examples/NAME.
func checkFlowArg(t *testing.T, what string, container any) {
	t.Helper()
	args, _ := dig(container, "args").([]any)
	if len(args) == 0 {
		t.Errorf("%s: the flowspec container has no args", what)
		return
	}
	flow, _ := args[len(args)-1].(string)
	if !strings.HasPrefix(flow, "/flows/") {
		t.Errorf("%s: last arg %q is not a flow under /flows", what, flow)
		return
	}
	if _, err := os.Stat(filepath.Join("..", "..", "examples", strings.TrimPrefix(flow, "/flows/"))); err != nil {
		t.Errorf("%s: runs %s, which is not in examples/: %v", what, flow, err)
	}
}

// TestScheduledLoopKeepsState: the Deployment runs one loop at a time
// (one replica, Recreate) of a flow with a schedule, and FLOWSPEC_STATE_DIR is
// a mount of a PersistentVolumeClaim defined beside it.
func TestScheduledLoopKeepsState(t *testing.T) {
	_, docs := manifests(t)
	deployments := ofKind(docs, "Deployment")
	if len(deployments) != 1 {
		t.Fatalf("want one Deployment, found %d", len(deployments))
	}
	d := deployments[0]
	if dig(d, "spec", "replicas") != 1 || dig(d, "spec", "strategy", "type") != "Recreate" {
		t.Errorf("Deployment %s: want replicas 1 and strategy Recreate, so two loops never share the state", name(d))
	}
	pod := dig(d, "spec", "template", "spec")
	c := firstContainer(d, "spec", "template", "spec")
	volume := mountedVolume(c, env(c)["FLOWSPEC_STATE_DIR"])
	claim, _ := dig(volumeNamed(pod, volume), "persistentVolumeClaim", "claimName").(string)
	if claim == "" || !hasNamed(ofKind(docs, "PersistentVolumeClaim"), claim) {
		t.Errorf("Deployment %s: FLOWSPEC_STATE_DIR %q is not on a PersistentVolumeClaim defined in deploy/kubernetes (volume %q, claim %q)", name(d), env(c)["FLOWSPEC_STATE_DIR"], volume, claim)
	}
	args, _ := dig(c, "args").([]any)
	flow, _ := args[len(args)-1].(string)
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", strings.TrimPrefix(flow, "/flows/")))
	if err != nil || !regexp.MustCompile(`(?m)^schedule:`).Match(b) {
		t.Errorf("Deployment %s: %s is not a flow with a schedule: block (%v)", name(d), flow, err)
	}
}

// mountedVolume is the name of the volume mounted at path in container.
func mountedVolume(container any, path string) string {
	mounts, _ := dig(container, "volumeMounts").([]any)
	for _, m := range mounts {
		if dig(m, "mountPath") == path && path != "" {
			s, _ := dig(m, "name").(string)
			return s
		}
	}
	return ""
}

// volumeNamed is the pod spec's volume called n.
func volumeNamed(pod any, n string) any {
	vols, _ := dig(pod, "volumes").([]any)
	for _, v := range vols {
		if dig(v, "name") == n {
			return v
		}
	}
	return nil
}

// hasNamed reports whether one of docs is called n.
func hasNamed(docs []doc, n string) bool {
	for _, d := range docs {
		if name(d) == n {
			return true
		}
	}
	return false
}
