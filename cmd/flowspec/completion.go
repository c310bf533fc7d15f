package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// shells are the shells `flowspec completion` writes a script for.
var shells = []string{"bash", "zsh", "fish"}

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash, zsh or fish)",
		ArgsUsage: "SHELL",
		Description: `Prints a script that completes flowspec's commands, flags, flow files
(*.yaml, *.yml) and, after flowspec ops, operator names. The script asks
flowspec itself for the candidates, so it stays right as flowspec changes.

Examples:
   source <(flowspec completion bash)          # in ~/.bashrc
   source <(flowspec completion zsh)           # in ~/.zshrc, after compinit
   flowspec completion fish > ~/.config/fish/completions/flowspec.fish`,
		Action: func(c *cli.Context) error {
			shell := c.Args().First()
			if c.NArg() != 1 || !slices.Contains(shells, shell) {
				return exitf(kindInvalid, "completion: name one shell: %s, e.g. flowspec completion bash", strings.Join(shells, ", "))
			}
			_, err := fmt.Fprint(c.App.Writer, completionScripts[shell])
			return err
		},
	}
}

// completionScripts ask `flowspec __complete WORDS...` for the candidates
// of the word under the cursor and complete paths themselves when told to
// (:files for flow files, :paths for any path).
var completionScripts = map[string]string{
	"bash": `# flowspec completion for bash: source <(flowspec completion bash)
_flowspec() {
    local cur=${COMP_WORDS[COMP_CWORD]} line f
    local -a out=()
    while IFS= read -r line; do out+=("$line"); done \
        < <(flowspec __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
    COMPREPLY=()
    case ${out[0]-} in
    :files)
        while IFS= read -r f; do
            [[ -d $f || $f == *.yaml || $f == *.yml ]] && COMPREPLY+=("$f")
        done < <(compgen -f -- "$cur") ;;
    :paths)
        while IFS= read -r f; do COMPREPLY+=("$f"); done < <(compgen -f -- "$cur") ;;
    *)
        while IFS= read -r f; do COMPREPLY+=("$f"); done < <(compgen -W "${out[*]}" -- "$cur") ;;
    esac
}
complete -o filenames -F _flowspec flowspec
`,
	"zsh": `#compdef flowspec
# flowspec completion for zsh: source <(flowspec completion zsh) after compinit
_flowspec() {
    local -a out
    out=("${(@f)$(flowspec __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    case ${out[1]} in
    :files) _files -g '*.(yaml|yml)' ;;
    :paths) _files ;;
    *) compadd -- ${out:#} ;;
    esac
}
if [[ ${funcstack[1]} == _flowspec ]]; then
    _flowspec "$@"
else
    compdef _flowspec flowspec
fi
`,
	"fish": `# flowspec completion for fish: flowspec completion fish > ~/.config/fish/completions/flowspec.fish
function __flowspec_complete
    set -l words (commandline -opc) (commandline -ct)
    set -e words[1]
    set -l out (flowspec __complete $words 2>/dev/null)
    switch "$out[1]"
        case :files
            __fish_complete_suffix .yaml
            __fish_complete_suffix .yml
        case :paths
            __fish_complete_path (commandline -ct)
        case '*'
            printf '%s\n' $out
    end
end
complete -c flowspec -f -a '(__flowspec_complete)'
`,
}
