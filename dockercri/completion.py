"""Shell completion: `dockercri completion bash|zsh|fish` prints a script that asks
`dockercri __complete WORD...` for candidates.

Commands and flags come from the mapping table (no runtime, no grpc); container,
pod and image names come from the runtime, with a short timeout so a missing
runtime never hangs the shell.
"""

from dockercri.errors import DockerCLIError

NAME_KINDS = {
    "container": ("attach", "exec", "inspect", "kill", "logs", "port", "restart", "rm", "start",
                  "stats", "stop", "update", "wait", "top", "pause", "unpause"),
    "image": ("rmi", "run", "create", "pull", "history"),
    "pod": ("inspectp", "stopp", "rmp", "port-forward"),
}

BASH = r'''# dockercri completion for bash; load with: source <(dockercri completion bash)
_dockercri_complete() {
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
}
complete -o default -F _dockercri_complete dockercri
complete -o default -F _dockercri_complete docker
'''

ZSH = r'''#compdef dockercri docker
# dockercri completion for zsh; load with: source <(dockercri completion zsh)
_dockercri() {
    local -a candidates
    candidates=("${(@f)$(${words[1]} __complete ${words[2,CURRENT]} 2>/dev/null)}")
    compadd -a candidates
}
compdef _dockercri dockercri
'''

FISH = r'''# dockercri completion for fish; load with: dockercri completion fish | source
complete -c dockercri -f -a '(commandline -opc)[2..-1] (commandline -ct) | xargs dockercri __complete 2>/dev/null'
'''

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}


def run_completion(words, session):
    if len(words) != 1 or words[0] not in SCRIPTS:
        raise DockerCLIError('"%s completion" requires one argument: bash, zsh or fish'
                             % session.env.prog, exit_code=1)
    session.env.stdout.write(SCRIPTS[words[0]])
    return 0


def candidates(words, session):
    """What may come next after `words` (the last word is the one being typed)."""
    from dockercri import mapping

    typed = words[:-1] if words else []
    current = words[-1] if words else ""
    found = mapping.resolve(typed) if typed else None
    if found is None:
        # `container l` → the management command's own verbs (ls, list, logs...)
        prefix = " ".join(typed)
        spoken = set()
        for name in mapping.command_names():
            command = mapping.command(name)
            for form in (command.name,) + tuple(command.aliases):
                words = form.split()
                if typed and " ".join(words[:len(typed)]) == prefix and len(words) > len(typed):
                    spoken.add(words[len(typed)])
                elif not typed:
                    spoken.add(words[0])
        if not typed:
            spoken |= {"explain", "doctor", "audit", "completion"}
        return sorted(word for word in spoken if word.startswith(current))
    command = found[0]
    if current.startswith("-"):
        flags = []
        for flag in command.flags:
            if not flag.hidden:
                flags.extend([flag.name] + ([flag.short] if flag.short else []))
        return [flag for flag in flags if flag.startswith(current)]
    return [name for name in object_names(command.name, session) if name.startswith(current)]


def object_names(command, session):
    kind = next((k for k, commands in NAME_KINDS.items() if command in commands), None)
    if kind is None:
        return []
    try:
        from dockercri import names as naming
        from dockercri.plan.model import Plan, Step
        lists = {"container": [("containers", "RuntimeService.ListContainers"),
                               ("pods", "RuntimeService.ListPodSandbox")],
                 "pod": [("pods", "RuntimeService.ListPodSandbox")],
                 "image": [("images", "ImageService.ListImages")]}[kind]
        results = session.executor.execute(Plan("completion", steps=[
            Step(key, rpc, {}) for key, rpc in lists]))
        if kind == "container":
            pods = {pod.id: pod for pod in results["pods"].items}
            return [naming.container_name(c, pods) for c in results["containers"].containers]
        if kind == "pod":
            return [pod.metadata.name for pod in results["pods"].items]
        out = []
        for image in results["images"].images:
            for ref in image.repo_tags:
                repo, tag = naming.split_reference(ref)
                out.append("%s:%s" % (naming.familiar_repository(repo), tag))
        return out
    except DockerCLIError:
        return []


def run_complete(words, session):
    for candidate in candidates(list(words), session):
        session.env.stdout.write(candidate + "\n")
    return 0
