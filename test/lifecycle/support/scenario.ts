import type { ScenarioInput } from '../../../apps/simulator/src/index.js';

/** X only, two incidents told before the story starts: there to be fetched at once, and then kept. */
export const twoIncidentsOnX: ScenarioInput = {
  name: 'lifecycle',
  duration: 3600,
  x: {
    tweets: [
      { at: -300, text: "We're investigating an issue with Exchange Online. EX1500001" },
      { at: -200, text: "We're investigating delays in Microsoft Teams. TM1500002" },
    ],
  },
};
