// In plugin-api since apiVersion 2, beside the LaunchContext it reads (the testkit launches with it too).
export { buildChildEnvironment } from '@runtime-env/plugin-api';
