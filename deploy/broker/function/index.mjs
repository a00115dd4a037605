// The broker, configured from the environment the template sets (docs/broker.md).
export { lambdaHandler as handler } from 'app-dispatch/broker'
