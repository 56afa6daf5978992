/**
 * Turns the channels of an environment into URLs, in priority order: a URL is
 * kept, a name is put under the channel alias, `nodefaults` is dropped (it only
 * tells conda not to add its own defaults), and none at all means the configured
 * default channels.
 */
export function channelUrls(channels: readonly string[], defaults: { defaultChannels: readonly string[]; channelAlias: string }): string[] {
  const named = channels.filter((channel) => channel !== 'nodefaults');
  const chosen = named.length > 0 ? named : defaults.defaultChannels;
  const alias = defaults.channelAlias.replace(/\/+$/, '');
  return [...new Set(chosen.map((channel) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(channel) ? channel.replace(/\/+$/, '') : `${alias}/${channel}`)))];
}
