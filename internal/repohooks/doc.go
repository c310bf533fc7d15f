// Package repohooks holds the tests of what the repository offers other
// repositories: the pre-commit hooks (.pre-commit-hooks.yaml), run by
// pre-commit from PyPI against a throwaway git repository, and the GitHub
// Action (action.yml), whose steps run as the plain shell they are.
package repohooks
