/** Controls marked with this attribute do not cut speech off when touched (the toggle, "Repeat"). */
export const KEEPS_SPEECH = 'data-keeps-speech';
