import { parse } from 'smol-toml';
import { CDH_SOCKET, renderAaToml, renderCdhToml } from '../../lib/initdata';
import { KBS_CERT } from './certificate';

const KBS_URL = 'https://kbs-trustee-operator-system.apps.example.com';

describe('renderAaToml', () => {
  test('points both token configs at the KBS, without a cert when none is pinned', () => {
    // WHEN rendering without a certificate
    const text = renderAaToml({ kbsUrl: KBS_URL });
    // THEN it parses to exactly the two URLs and ends with one newline
    expect(parse(text)).toEqual({ token_configs: { coco_as: { url: KBS_URL }, kbs: { url: KBS_URL } } });
    expect(text).toMatch(/[^\n]\n$/);
  });

  test('pins the certificate PEM exactly', () => {
    // WHEN rendering with a certificate
    const text = renderAaToml({ kbsUrl: KBS_URL, kbsCertificate: KBS_CERT });
    // THEN the cert reads back byte for byte
    expect(parse(text)).toEqual({ token_configs: { coco_as: { url: KBS_URL }, kbs: { url: KBS_URL, cert: KBS_CERT } } });
  });

  test('escapes characters that are special in TOML strings', () => {
    // GIVEN a URL with a quote and a backslash (rejected by initDataProblems, but never mis-rendered)
    const kbsUrl = 'https://kbs.example.com/"\\';
    // THEN it reads back unchanged
    expect(parse(renderAaToml({ kbsUrl }))).toEqual({ token_configs: { coco_as: { url: kbsUrl }, kbs: { url: kbsUrl } } });
  });
});

describe('renderCdhToml', () => {
  test('renders the socket, no credentials and the cc_kbc client', () => {
    // WHEN rendering the minimum
    const text = renderCdhToml({ kbsUrl: KBS_URL });
    // THEN only the fixed keys and the URL are present
    expect(parse(text)).toEqual({ socket: CDH_SOCKET, credentials: [], kbc: { name: 'cc_kbc', url: KBS_URL } });
    expect(CDH_SOCKET).toBe('unix:///run/confidential-containers/cdh.sock');
    expect(text).toMatch(/[^\n]\n$/);
  });

  test('adds the pinned certificate and the image security policy when given', () => {
    // WHEN rendering everything
    const text = renderCdhToml({ kbsUrl: KBS_URL, kbsCertificate: KBS_CERT, imageSecurityPolicyUri: 'kbs:///default/security-policy/osc' });
    // THEN kbs_cert and [image] are present and exact
    expect(parse(text)).toEqual({
      socket: CDH_SOCKET,
      credentials: [],
      kbc: { name: 'cc_kbc', url: KBS_URL, kbs_cert: KBS_CERT },
      image: { image_security_policy_uri: 'kbs:///default/security-policy/osc' },
    });
  });
});

describe('TOML read-back check', () => {
  beforeEach(() => jest.resetModules());
  afterEach(() => jest.dontMock('smol-toml'));

  test('fails loudly when smol-toml output does not read back as the data', () => {
    // GIVEN a serializer that drops a value
    jest.doMock('smol-toml', () => ({ ...jest.requireActual('smol-toml'), stringify: () => 'socket = "x"\n' }));
    const { renderCdhToml: render } = jest.requireActual('../../lib/initdata/confidential-data-hub') as typeof import('../../lib/initdata/confidential-data-hub');
    // WHEN rendering THEN the difference is an internal error, not silent output
    expect(() => render({ kbsUrl: KBS_URL })).toThrow(/^TOML round trip changed the data/);
  });
});
