/**
 * The shell side of completion: each script hands the words typed so far (the program's name
 * first, the word being completed last) to `juju-gitops __complete` and offers what it prints,
 * one candidate a line; with nothing printed, the shell completes file names.
 */
export const completionShells = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof completionShells)[number];

const bash = `# juju-gitops completion for bash: source it, or save it as
# ~/.local/share/bash-completion/completions/juju-gitops
_juju_gitops() {
  local IFS=$'\\n' cur="\${COMP_WORDS[COMP_CWORD]}"
  local candidates
  candidates=$(juju-gitops __complete -- "\${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null)
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
  if [ \${#COMPREPLY[@]} -eq 0 ] && [ -z "$candidates" ]; then COMPREPLY=($(compgen -f -- "$cur")); fi
}
complete -o filenames -F _juju_gitops juju-gitops
`;

const zsh = `#compdef juju-gitops
# juju-gitops completion for zsh: save it as _juju-gitops in a folder of your $fpath,
# or source it after compinit
_juju_gitops() {
  local -a candidates
  candidates=("\${(@f)$(juju-gitops __complete -- "\${(@)words[1,CURRENT]}" 2>/dev/null)}")
  if (( \${#candidates} )) && [[ -n "\${candidates[1]}" ]]; then
    compadd -- "\${candidates[@]}"
  else
    _files
  fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _juju_gitops "$@"
else
  compdef _juju_gitops juju-gitops
fi
`;

const fish = `# juju-gitops completion for fish: save it as ~/.config/fish/completions/juju-gitops.fish
complete -c juju-gitops -f -a '(juju-gitops __complete -- (commandline -opc) (commandline -ct) 2>/dev/null; or __fish_complete_path (commandline -ct))'
`;

export function completionScript(shell: CompletionShell): string {
  return { bash, zsh, fish }[shell];
}
