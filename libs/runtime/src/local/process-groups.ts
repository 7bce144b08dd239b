// Every instance runs in its own process group so that stopping it reaches whatever it
// forked. The groups still alive are remembered here, process-wide, so that the host
// exiting for any reason takes them along instead of leaving orphans on busy ports.

const live = new Set<number>();
let installed = false;

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the whole group is gone already
  }
}

function killAll(): void {
  for (const pgid of live) signalGroup(pgid, 'SIGKILL');
  live.clear();
}

// Runs before any other listener (prepended), so it sees every handler the host has,
// including one-shot handlers that remove themselves when called.
function onSignal(signal: NodeJS.Signals): void {
  // A host that handles the signal itself shuts down gracefully and closes the runtime;
  // the exit hook stays as the backstop.
  if (process.listenerCount(signal) > 1) return;
  killAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  process.prependListener('SIGINT', onSignal);
  process.prependListener('SIGTERM', onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', killAll);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

export function trackGroup(pgid: number): void {
  live.add(pgid);
  install();
}

export function untrackGroup(pgid: number): void {
  live.delete(pgid);
  if (live.size === 0) uninstall();
}
