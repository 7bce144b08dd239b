// A publish whose acknowledgement timed out may well be stored. Sent again under the same
// message id, JetStream keeps it once, so trying again is safe and tells the caller for sure.
export async function publishAgainOnFailure<T>(publish: () => Promise<T>, attempts: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await publish();
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
  }
}
