// Entry point of the bundle (dist/index.js), as action.yml's runs.main.
import { run } from '../action/run.js'

await run()
