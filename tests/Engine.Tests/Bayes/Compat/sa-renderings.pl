#!/usr/bin/perl
# Prints, one JSON object per line, what SpamAssassin's Bayes tokenizer reads from each message file given:
# headers (as get_all_headers returns them), its metadata lines, visible and invisible body text, URIs.
# and SpamAssassin's Bayes probability with the database at the given bayes_path prefix (null: no verdict).
# Usage: sa-renderings.pl <bayes_path prefix> <files...>. Used only by the Bayes compatibility tests.
use strict;
use warnings;
use JSON::PP;
use Mail::SpamAssassin;

my $prefix = shift @ARGV;
my $sa = Mail::SpamAssassin->new({
  post_config_text => "use_bayes 1\nbayes_path $prefix\nbayes_min_spam_num 10\nbayes_min_ham_num 10\n",
  dont_copy_prefs => 1,
});
$sa->init(1);
$sa->init_learner({});
my ($bayes) = grep { $_->isa('Mail::SpamAssassin::Plugin::Bayes') } @{ $sa->{plugins}->{plugins} };
my $json = JSON::PP->new->ascii->canonical;

# Character strings become the octets SpamAssassin hashes: Latin-1 range characters as single octets
# (Digest::SHA downgrades them), anything wider as UTF-8.
sub octets {
  my ($s) = @_;
  return $s unless utf8::is_utf8($s);
  utf8::downgrade($s, 1) or utf8::encode($s);
  return $s;
}

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
      push @pairs, [octets($name), octets($value)];
    }
    return \@pairs;
  };
  my $enc = sub { [ map { octets($_) } @{ $_[0] || [] } ] };
  my $score = $bayes->scan($pms, $msg);
  print $json->encode({
    score => $score,
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
