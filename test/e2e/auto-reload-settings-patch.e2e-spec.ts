import { type TestApp, type Agency, bearer, createAgency, startTestApp } from '../support/test-app';

/** PATCH changes only the fields sent; PUT keeps replacing the whole policy. */
describe('Auto-reload settings, partially', () => {
  let t: TestApp;
  let agency: Agency;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
  });
  afterAll(() => t.close());

  const put = (body: object) => t.http.put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`).set(bearer(agency.ownerKey)).send(body);
  const patch = (body: object) => t.http.patch(`/v1/agencies/${agency.id}/billing-settings/auto-reload`).set(bearer(agency.ownerKey)).send(body);
  const settings = async () =>
    (await t.http.get(`/v1/agencies/${agency.id}/billing-settings`).set(bearer(agency.ownerKey)).expect(200)).body.autoReload;
  const settingsEmails = async () =>
    (
      (await t.http.get(`/v1/agencies/${agency.id}/notifications?limit=200`).set(bearer(agency.ownerKey)).expect(200)).body.data as {
        template: string;
      }[]
    ).filter((n) => n.template === 'settings-updated').length;

  it('changes only the fields sent, and emails the change like PUT', async () => {
    await put({
      enabled: true,
      threshold: '50.00',
      amount: '200.00',
      dailyCap: '600.00',
      monthlyCap: '5000.00',
      fallbackToBackupMethods: false,
    }).expect(200);
    const emailsBefore = await settingsEmails();

    const res = await patch({ threshold: '20.00' }).expect(200);
    expect(res.body).toMatchObject({
      enabled: true,
      threshold: '20.00',
      mode: 'fixed',
      amount: '200.00',
      dailyCap: '600.00',
      monthlyCap: '5000.00',
      fallbackToBackupMethods: false,
    });
    expect(await settings()).toEqual(res.body);
    expect(await settingsEmails()).toBe(emailsBefore + 1);

    // null clears a cap; the other fields stay.
    expect((await patch({ dailyCap: null }).expect(200)).body).toMatchObject({
      threshold: '20.00',
      amount: '200.00',
      dailyCap: null,
      monthlyCap: '5000.00',
    });
    expect((await patch({ enabled: false }).expect(200)).body).toMatchObject({ enabled: false, threshold: '20.00', amount: '200.00' });
  });

  it('checks the merged settings as PUT does, and changes nothing when they are wrong', async () => {
    await put({ enabled: true, threshold: '50.00', amount: '200.00' }).expect(200);
    const before = await settings();
    const emailsBefore = await settingsEmails();
    for (const [body, path] of [
      [{ mode: 'to_target' }, 'targetBalance'],
      [{ mode: 'to_target', targetBalance: '40.00' }, 'targetBalance'],
      [{ amount: '0.50' }, 'amount'],
      [{ amount: 5 }, 'amount'],
      [{ threshold: '10.001', unknown: true }, 'unknown'],
      [{}, '(body)'],
    ] as const) {
      const res = await patch(body);
      expect([JSON.stringify(body), res.status, res.body.error.code]).toEqual([JSON.stringify(body), 422, 'validation_error']);
      expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    expect(await settings()).toEqual(before);
    expect(await settingsEmails()).toBe(emailsBefore);

    // A whole change of mode in one PATCH.
    expect((await patch({ mode: 'to_target', targetBalance: '300.00' }).expect(200)).body).toMatchObject({
      mode: 'to_target',
      targetBalance: '300.00',
      threshold: '50.00',
    });
  });

  it('keeps PUT replacing the whole policy', async () => {
    await put({ enabled: true, threshold: '50.00', amount: '200.00', dailyCap: '600.00' }).expect(200);
    expect((await put({ enabled: true, threshold: '50.00', amount: '100.00' }).expect(200)).body).toMatchObject({ amount: '100.00', dailyCap: null });
  });

  it('is for owners and admins of that agency only', async () => {
    const other = await createAgency(t);
    await t.http.patch(`/v1/agencies/${agency.id}/billing-settings/auto-reload`).set(bearer(other.ownerKey)).send({ threshold: '1.00' }).expect(404);
  });
});
