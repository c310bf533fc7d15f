// Package flock is the advisory file lock that the schedule's state file
// and the run store's schedule lock share: an exclusive flock taken
// without waiting, which the kernel releases when the process ends,
// however it ends, so a SIGKILLed holder never leaves a stale lock.
package flock
