import type { ExportedApplication, ModelExport } from '../model/export.js';

/**
 * The model as HCL for terraform-provider-juju (v1 schema: resources refer to the model by
 * `model_uuid`): one `juju_model`, a `juju_application` per application, a `juju_integration`
 * per relation, a `juju_offer` and `juju_access_offer` per offer. Secret option values the
 * export withheld become sensitive variables, so the file can be committed.
 */
export function exportTerraform(doc: ModelExport): string {
  const out: string[] = [];
  const model = ident(doc.model.name);
  const variables: string[] = [];
  out.push(`resource "juju_model" ${q(model)} {`, `  name = ${q(doc.model.name)}`, `}`, '');
  for (const [name, app] of Object.entries(doc.applications).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(...application(name, app, model, variables), '');
  }
  for (const r of doc.relations) {
    if (r.endpoints.length !== 2 || r.endpoints.some((e) => e.role === 'peer')) continue;
    out.push(`resource "juju_integration" ${q(ident(r.endpoints.map((e) => `${e.application}_${e.endpoint}`).join('_')))} {`);
    out.push(`  model_uuid = juju_model.${model}.uuid`);
    for (const e of r.endpoints) {
      const saas = doc.saas[e.application];
      out.push('', '  application {');
      if (saas) out.push(`    offer_url = ${q(saas.url)}`);
      else out.push(`    name     = juju_application.${ident(e.application)}.name`, `    endpoint = ${q(e.endpoint)}`);
      out.push('  }');
    }
    out.push('}', '');
  }
  for (const [name, offer] of Object.entries(doc.offers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const id = ident(name);
    out.push(`resource "juju_offer" ${q(id)} {`);
    out.push(`  model_uuid       = juju_model.${model}.uuid`);
    out.push(`  name             = ${q(name)}`);
    out.push(`  application_name = juju_application.${ident(offer.application)}.name`);
    out.push(`  endpoints        = [${[...offer.endpoints].sort().map(q).join(', ')}]`);
    out.push('}', '');
    const byAccess: Record<string, string[]> = {};
    for (const [user, access] of Object.entries(offer.acl)) {
      // The owner's admin access and everyone@external's read come with the offer itself.
      if (user === 'everyone@external' || offer.url.includes(`${user}/`)) continue;
      (byAccess[access] ??= []).push(user);
    }
    if (Object.keys(byAccess).length) {
      out.push(`resource "juju_access_offer" ${q(id)} {`, `  offer_url = juju_offer.${id}.url`);
      for (const access of ['admin', 'consume', 'read']) if (byAccess[access]) out.push(`  ${access.padEnd(7)} = [${byAccess[access].sort().map(q).join(', ')}]`);
      out.push('}', '');
    }
  }
  return [...variables, ...out].join('\n').replace(/\n+$/, '\n');
}

function application(name: string, app: ExportedApplication, model: string, variables: string[]): string[] {
  const id = ident(name);
  const lines = [`resource "juju_application" ${q(id)} {`, `  name       = ${q(name)}`, `  model_uuid = juju_model.${model}.uuid`, '', '  charm {'];
  lines.push(`    name     = ${q(app.charm.replace(/^local:/, ''))}`);
  if (app.channel) lines.push(`    channel  = ${q(app.channel)}`);
  if (app.revision !== undefined) lines.push(`    revision = ${app.revision}`);
  if (app.base) lines.push(`    base     = ${q(app.base)}`);
  lines.push('  }');
  if (!app.subordinate) lines.push('', `  units = ${app.scale}`);
  if (app.constraints && !app.subordinate) lines.push(`  constraints = ${q(app.constraints)}`);
  if (app.trust) lines.push('  trust = true');
  const config = Object.entries(app.config).filter(([, o]) => o.source === 'user').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (config.length) {
    lines.push('', '  config = {');
    for (const [key, o] of config) {
      if ('value' in o && !o.secret) {
        lines.push(`    ${q(key)} = ${q(String(o.value))}`);
      } else {
        const variable = ident(`${name}_${key}`);
        variables.push(`variable ${q(variable)} {`, '  type      = string', '  sensitive = true', `}`, '');
        lines.push(`    ${q(key)} = var.${variable}`);
      }
    }
    lines.push('  }');
  }
  if (app.expose) {
    const endpoints = Object.keys(app.exposedEndpoints ?? {}).filter((e) => e !== '');
    lines.push('', '  expose {');
    if (endpoints.length) lines.push(`    endpoints = ${q(endpoints.sort().join(','))}`);
    const cidrs = new Set(Object.values(app.exposedEndpoints ?? {}).flatMap((e) => e['expose-to-cidrs'] ?? []));
    const spaces = new Set(Object.values(app.exposedEndpoints ?? {}).flatMap((e) => e['expose-to-spaces'] ?? []));
    if (cidrs.size) lines.push(`    cidrs     = ${q([...cidrs].sort().join(','))}`);
    if (spaces.size) lines.push(`    spaces    = ${q([...spaces].sort().join(','))}`);
    lines.push('  }');
  }
  if (Object.keys(app.storage).length) {
    lines.push('', '  storage_directives = {');
    for (const [k, v] of Object.entries(app.storage).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`    ${q(k)} = ${q(v)}`);
    lines.push('  }');
  }
  lines.push('}');
  return lines;
}

/** A Terraform identifier: letters, digits, `_` and `-`, not starting with a digit. */
function ident(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** An HCL string literal (`${` and `%{` escaped so values are never interpolated). */
function q(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}
