#!/usr/bin/perl
# Prints SpamAssassin 4.0.1's own renderings of each message file named on the command line (or one per line
# on stdin with --stdin), as one JSON object per line:
#   {"file":..., "body":[...get_decoded_stripped_body_text_array...], "rawbody":[...], "visible":[...],
#    "invisible":[...], "uris":[...sorted...],
#    "subject": ..., "from_addr": ..., "from_name": ..., "to_addr": [...]}
# Strings are octets, written with \u00XX escapes so a reader gets the Latin-1 view. Used by the MIME
# agreement test; needs the installed Mail::SpamAssassin and its rules (for TLDs and redirector patterns).
use strict;
use warnings;
use JSON::PP;
use Mail::SpamAssassin;
use Mail::SpamAssassin::PerMsgStatus;

my @files = @ARGV;
if (@files && $files[0] eq '--stdin') { @files = map { chomp; $_ } <STDIN>; }

my $sa = Mail::SpamAssassin->new({
  rules_filename      => '/usr/share/spamassassin',
  site_rules_filename => '/etc/spamassassin',
  userprefs_filename  => '/dev/null',
  dont_copy_prefs     => 1,
  local_tests_only    => 1,
  debug               => 0,
});
$sa->init(1);
my $json = JSON::PP->new->ascii->canonical;

for my $file (@files) {
  open(my $fh, '<:raw', $file) or do { print $json->encode({file => $file, error => "$!"}), "\n"; next };
  my $text = do { local $/; <$fh> };  # $/ must stay "\n" for the parser's chomp
  close $fh;
  my $msg = $sa->parse($text, 1);
  my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $msg);
  my $out = {
    file     => $file,
    body     => [ map { "$_" } @{ $pms->get_decoded_stripped_body_text_array() } ],
    rawbody  => [ map { "$_" } @{ $pms->get_decoded_body_text_array() } ],
    visible  => [ map { "$_" } @{ $msg->get_visible_rendered_body_text_array() } ],
    invisible => [ map { "$_" } @{ $msg->get_invisible_rendered_body_text_array() } ],
    uris     => [ sort $pms->get_uri_list() ],
    subject  => scalar $pms->get('Subject'),
    from_addr => scalar $pms->get('From:addr'),
    from_name => scalar $pms->get('From:name'),
    to_addr  => [ $pms->get('To:addr') ],
    msgid    => scalar $pms->get('MESSAGEID'),
  };
  for my $k (qw(subject from_addr from_name msgid)) { utf8::downgrade($out->{$k}, 1) if defined $out->{$k}; }
  print $json->encode($out), "\n";
  $pms->finish();
  $msg->finish();
}
