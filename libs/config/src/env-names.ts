/** Environment variable names Cutover accepts: shell identifiers, as in contracts' EnvMapSchema. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const ENV_NAME_RULE = 'names are letters, digits and _, not starting with a digit';
