import { describe, expect, it } from 'vitest';
import { constraintsProblem, deviceProblem, isCidr, offerUrlProblem, parsePlacement, storageProblem } from './syntax.js';
import { closestMatch, editDistance } from './suggest.js';

describe("Juju's grammars", () => {
  it.each([
    ['0', { machine: '0', unit: -1 }],
    ['new', { machine: 'new', unit: -1 }],
    ['lxd:new', { container: 'lxd', machine: 'new', unit: -1 }],
    ['lxd:3', { container: 'lxd', machine: '3', unit: -1 }],
    ['mysql/2', { application: 'mysql', unit: 2 }],
    ['kvm:mysql', { container: 'kvm', application: 'mysql', unit: -1 }],
    ['lxd 0', undefined],
    ['01', undefined],
  ])('placement %j', (text, expected) => {
    const p = parsePlacement(text);
    if (expected === undefined) expect(p).toBeUndefined();
    else expect(p).toMatchObject(expected);
  });

  it.each([
    ['admin/mysql.db', undefined],
    ['mysql.db', undefined],
    ['jaas:admin/default.postgres', undefined],
    ['test:admin/default.mysql', undefined],
    ['admin/mysql', 'it names no offer (model.offer)'],
    ['admin/{}.influxdb', 'model name "{}" is not valid'],
    [':admin/m.o', 'it starts with ":"'],
  ])('offer URL %j', (url, problem) => expect(offerUrlProblem(url)).toBe(problem));

  it.each([
    ['cores=2 mem=8G root-disk=16G', undefined],
    ['arch=amd64 tags=anti-pod.app.kubernetes.io/name=loki,x=y', undefined],
    ['mem=4G mem=8G', 'constraint "mem" given twice'],
    ['memory=4G', 'unknown constraint "memory"'],
    ['cores', 'malformed constraint "cores" (expected key=value)'],
    ['mem=lots', 'bad value "lots" for mem'],
  ])('constraints %j', (text, problem) => expect(constraintsProblem(text)).toBe(problem));

  it.each([
    ['loop,100M', undefined],
    ['rootfs,1,10240M', undefined],
    ['ebs,10G,fast disk', 'cannot parse "fast disk" as a pool, size or count'],
    ['10G,20G', 'pool, size and count may each appear once'],
  ])('storage %j', (text, problem) => expect(storageProblem(text)).toBe(problem));

  it.each([
    ['1,nvidia.com/gpu', undefined],
    ['nvidia.com/gpu,gpu=k80;mem=4G', undefined],
    ['2', 'a device class such as nvidia.com/gpu is required'],
  ])('device %j', (text, problem) => expect(deviceProblem(text)).toBe(problem));

  it.each([
    ['10.0.0.0/24', true],
    ['2002:0:0:1234::/64', true],
    ['10.0.0.0/33', false],
    ['10.0.0.0', false],
  ])('CIDR %j', (text, valid) => expect(isCidr(text)).toBe(valid));
});

describe('suggestions for typos', () => {
  it.each([
    ['constraint', 'constraints'],
    ['num_unit', 'num_units'],
    ['Charm', 'charm'],
    ['optoins', 'options'],
    ['tp', 'to'],
    ['xyz', undefined],
    ['_github_repo_name', undefined],
  ])('%s → %s', (word, expected) =>
    expect(closestMatch(word, ['charm', 'constraints', 'num_units', 'options', 'to', 'trust'])).toBe(expected));

  it('measures edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});
