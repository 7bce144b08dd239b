import { CutoverError } from '@cutover/contracts';

/** A service's lock names a deployment whose record never appeared. */
export class DeploymentRecordMissingError extends CutoverError {
  constructor(deploymentId: string) {
    super('deployment_record_missing', `deployment ${deploymentId} holds its service's lock but has no record`);
  }
}
