import { loadConfig } from '../../config/config';
import { AppLogger, redactSecrets } from './app-logger';

describe('AppLogger', () => {
  const adminKey = 'an-admin-key-of-any-shape-0123456789';
  const config = loadConfig({
    ADMIN_API_KEY: adminKey,
    API_KEY_PEPPER: 'pepper-of-any-shape-42',
    LOG_FORMAT: 'json',
    SMTP_URL: 'smtp://mailer:s3cret-pass@mail.example:587',
  });

  function capture(write: (logger: AppLogger) => void): string {
    const chunks: string[] = [];
    const spies = (['stdout', 'stderr'] as const).map((stream) =>
      jest.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
        chunks.push(String(chunk));
        return true;
      }),
    );
    try {
      write(new AppLogger(config));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    return chunks.join('');
  }

  it('writes one JSON object per line in JSON mode', () => {
    const out = capture((logger) => logger.log('GET /health 200', { requestId: 'r-1', status: 200 }));
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'log', message: 'GET /health 200', params: { requestId: 'r-1', status: 200 } });
  });

  it('never writes a key or a secret, in messages, fields or errors', () => {
    const ownerKey = 'aw_owner_rDqMD3EEC6KxWBJpYzxiuIo-bs1XG4VG';
    const out = capture((logger) => {
      logger.log(`key ${ownerKey} and admin ${adminKey}`);
      logger.warn('header', { authorization: `Bearer ${adminKey}`, note: `sk_live_51Habcdefghijklmnop and whsec_abcdef0123456789` });
      logger.error(new Error(`could not send with smtp://mailer:s3cret-pass@mail.example:587 (pepper-of-any-shape-42)`));
    });
    for (const secret of [
      ownerKey,
      'rDqMD3EEC6KxWBJpYzxiuIo',
      adminKey,
      'sk_live_51Habcdefghijklmnop',
      'whsec_abcdef0123456789',
      's3cret-pass',
      'pepper-of-any-shape-42',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('aw_owner_[REDACTED]');
  });

  it('redacts the shapes of credentials in any text', () => {
    expect(redactSecrets('Authorization: Bearer abc.def', [])).toBe('Authorization: Bearer [REDACTED]');
    expect(redactSecrets('postgresql://app:pw@db/x', [])).toBe('postgresql://app:[REDACTED]@db/x');
    expect(redactSecrets('nothing secret here', [])).toBe('nothing secret here');
  });
});
