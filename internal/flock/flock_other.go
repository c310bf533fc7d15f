//go:build !unix

package flock

import "os"

// TryLock always succeeds where flock is not available: what it guards is
// then not protected against a second process.
func TryLock(*os.File) (bool, error) { return false, nil }

// Unlock does nothing where flock is not available.
func Unlock(*os.File) error { return nil }
