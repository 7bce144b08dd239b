import { CutoverError } from '@cutover/contracts';

export class DashboardAssetMissingError extends CutoverError {
  constructor(
    readonly asset: string,
    options?: { cause?: unknown },
  ) {
    super('dashboard_asset_missing', `dashboard file "${asset}" is not available (is the health-monitor built? npm run build)`, options);
  }
}

export class DiagnosticsNotFoundError extends CutoverError {
  constructor(readonly deploymentId: string) {
    super('unknown_diagnostics', `no diagnostics bundle for deployment ${deploymentId}: bundles are saved when a deployment is rolled back`);
  }
}
