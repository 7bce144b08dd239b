import { publishAgainOnFailure } from './publish-again';

describe('publishAgainOnFailure', () => {
  it('sends again after a failure and returns the first acknowledgement', async () => {
    let calls = 0;
    const ack = await publishAgainOnFailure(async () => {
      calls++;
      if (calls < 3) throw new Error('TIMEOUT');
      return { seq: 7 };
    }, 3);
    expect([ack, calls]).toEqual([{ seq: 7 }, 3]);
  });

  it('gives up with the last error after the attempts', async () => {
    let calls = 0;
    await expect(
      publishAgainOnFailure(async () => {
        calls++;
        throw new Error(`TIMEOUT ${calls}`);
      }, 2),
    ).rejects.toThrow('TIMEOUT 2');
    expect(calls).toBe(2);
  });
});
