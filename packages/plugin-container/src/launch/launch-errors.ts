import { RuntimeEnvError } from '@runtime-env/plugin-api';

/** The command ran longer than the plugin option `launchTimeoutSeconds`. */
export class ContainerLaunchTimeoutError extends RuntimeEnvError {
  constructor(imageName: string, seconds: number) {
    super('container_launch_timeout', `the command in image "${imageName}" ran longer than ${seconds} s; it was stopped and its container removed`, {
      hint: 'raise the plugin option "launchTimeoutSeconds" in rtenv.config.json, or remove it for no limit',
    });
  }
}

/** The image a ready environment names is gone from the Engine (someone removed it). */
export class ContainerImageMissingError extends RuntimeEnvError {
  constructor(imageName: string, image: string) {
    super('container_image_missing', `image "${imageName}" (${image}) is no longer in the container engine`, {
      hint: 'remove the environment (`rtenv rm ID`) so the next run pulls or resolves the image again, or load the image back',
    });
  }
}
