package subproc

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
)

// Cache keeps answers as JSON files named by a key under a directory, for
// questions whose answer depends only on content (a module's source, an
// executable's bytes): the key is a hash of that content.
type Cache struct{ Dir string }

// UserCache is the cache under the user's cache directory, in
// flowspec/NAME; its Dir is "" (nowhere) when there is no such directory.
func UserCache(name string) Cache {
	d, err := os.UserCacheDir()
	if err != nil {
		return Cache{}
	}
	return Cache{Dir: filepath.Join(d, "flowspec", name)}
}

// Key hashes parts (each followed by a zero byte) into a key.
func Key(parts ...string) string {
	h := sha256.New()
	for _, s := range parts {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Load returns the JSON stored under key; false when there is none (or it
// cannot be read, which is only slower).
func (c Cache) Load(key string) ([]byte, bool) {
	if c.Dir == "" || key == "" {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join(c.Dir, key+".json"))
	return b, err == nil
}

// Store writes v under key through a temporary file, so a concurrent
// reader never sees half an answer. A cache that cannot be written is
// only slower.
func (c Cache) Store(key string, v any) {
	if c.Dir == "" || key == "" {
		return
	}
	b, err := json.Marshal(v)
	if err != nil || os.MkdirAll(c.Dir, 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(c.Dir, "answer-*")
	if err != nil {
		return
	}
	_, werr := f.Write(b)
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	if os.Rename(f.Name(), filepath.Join(c.Dir, key+".json")) != nil {
		os.Remove(f.Name())
	}
}
