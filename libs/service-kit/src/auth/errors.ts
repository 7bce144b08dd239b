import { CutoverError } from '@cutover/contracts';

/** api.tokens names an environment variable for a token, and the process was started without it. */
export class ApiTokenEnvMissingError extends CutoverError {
  constructor(
    readonly token: string,
    readonly variable: string,
  ) {
    super('api_token_env_missing', `api token "${token}" is read from the environment variable ${variable}, which is not set or empty`);
  }
}
