/**
 * Defaults that a command shows in its help and the API applies when the option is absent: one
 * number each, here in the model because the CLI loads the model at start anyway, and reaching the
 * API's face for a number would load every engine with it.
 */

/** Builds of one batch running at once (`batch --max-parallel`). */
export const DEFAULT_BATCH_MAX_PARALLEL = 2;

/** How long `--shell-on-failure` waits for a shell to end before the build goes on (`--shell-wait`). */
export const DEFAULT_SHELL_WAIT_SECONDS = 300;
