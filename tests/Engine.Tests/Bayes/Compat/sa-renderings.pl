#!/usr/bin/perl
# Prints, one JSON object per line, what SpamAssassin's Bayes tokenizer reads from each message file given:
# headers (as get_all_headers returns them), its metadata lines, visible and invisible body text, URIs.
# Used only by the token-compatibility test, to check our tokenizer on SpamAssassin's own message renderings.
use strict;
use warnings;
use JSON::PP;
use Mail::SpamAssassin;

my $tmp = shift @ARGV;
my $sa = Mail::SpamAssassin->new({
  post_config_text => "use_bayes 1\nbayes_path $tmp/bayes\n",
  dont_copy_prefs => 1,
});
$sa->init(1);
my ($bayes) = grep { $_->isa('Mail::SpamAssassin::Plugin::Bayes') } @{ $sa->{plugins}->{plugins} };
my $json = JSON::PP->new->ascii->canonical;

foreach my $file (@ARGV) {
  open my $fh, '<:raw', $file or die "$file: $!";
  my $raw = do { local $/; <$fh> };
  close $fh;
  my $msg = $sa->parse($raw);
  my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $msg);
  $msg->extract_message_metadata($pms);
  my $data = $bayes->_get_msgdata_from_permsgstatus($pms);
  my $pairs = sub {
    my @pairs;
    foreach my $line (@_) {
      my ($name, $value) = split(/:/, $line, 2);
      $value = '' unless defined $value;
      $value =~ s/^ //;
      chomp $value;
      utf8::encode($name) if utf8::is_utf8($name);
      utf8::encode($value) if utf8::is_utf8($value);
      push @pairs, [$name, $value];
    }
    return \@pairs;
  };
  my $enc = sub { [ map { my $s = $_; utf8::encode($s) if utf8::is_utf8($s); $s } @{ $_[0] || [] } ] };
  print $json->encode({
    file => $file,
    headers => $pairs->($msg->get_all_headers()),
    metadata => $pairs->($msg->get_all_metadata()),
    body => $enc->($data->{bayes_token_body}),
    invisible => $enc->($data->{bayes_token_inviz}),
    uris => $enc->($data->{bayes_token_uris}),
  }), "\n";
  $pms->finish;
  $msg->finish;
}
