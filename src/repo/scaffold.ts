/**
 * The files `juju-gitops init` creates: a working repository with one model, its bundle, a
 * production overlay and a local charm, each file carrying a modeline so editors validate it
 * against the schemas copied into `.juju-gitops/schemas/`.
 */
export function scaffoldFiles(model = 'demo'): Record<string, string> {
  const modeline = (depth: number, schema: string) =>
    `# yaml-language-server: $schema=${'../'.repeat(depth)}.juju-gitops/schemas/${schema}.schema.json\n`;
  return {
    'juju-gitops.yaml': `${modeline(0, 'config')}#
# Which models this repository describes, where they live, and how changes roll out.
controllers:
  local:
    kind: local        # the embedded controller: a SQLite store and real unit processes on 127.0.0.1

models:
  ${model}:
    controller: local
    bundle: bundles/${model}.yaml
    overlays:
      - overlays/${model}/production.yaml
    prune: false
    rollout:
      batch: 1           # units restarted at a time
      order: leader-last
      healthCheck:
        type: status     # or {type: http, url: ...} / {type: exec, command: ...}
      healthTimeout: 2m
      pause: 5s
`,
    [`bundles/${model}.yaml`]: `${modeline(1, 'bundle')}description: Two units of the hello charm.
applications:
  hello:
    charm: ../charms/hello
    num_units: 2
    options:
      greeting: hello
`,
    [`overlays/${model}/production.yaml`]: `${modeline(2, 'overlay')}#
# Applied on top of bundles/${model}.yaml, in the order juju-gitops.yaml lists overlays.
applications:
  hello:
    num_units: 3
    options:
      greeting: hello from production
`,
    'charms/hello/metadata.yaml': `name: hello
summary: A minimal local charm.
description: |
  Units of this charm have no workload; they settle as soon as they are deployed.
`,
    'charms/hello/config.yaml': `options:
  greeting:
    type: string
    default: hello
    description: What the application says.
`,
    '.gitignore': `# Editor and operating-system files
*.swp
.DS_Store
# Saved plans and rendered bundles are outputs, not desired state
plans/
*.rendered.yaml
`,
  };
}

export const scaffoldSchemas = ['bundle', 'overlay', 'config', 'generation'] as const;
